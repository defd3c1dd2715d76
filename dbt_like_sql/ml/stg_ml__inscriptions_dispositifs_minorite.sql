-- Whether the young person of an enrolment is a minor in each calendar year Y the enrolment runs in
-- (started by 31/12/Y, not ended before 01/01/Y; a running enrolment up to the later of the current
-- year and the last year any enrolment starts or ends in): one row per enrolment and year. Reference date: the enrolment's first day within Y,
-- greatest(date_debut, 01/01/Y); minor = under 18 on that day, from the exact birth date (a
-- birthday later in the month is not counted early). An unknown birth date is not a minor.
-- The birth date is read here only to derive this flag: it never leaves the raw table.
-- Key id_inscription, as stg_ml__inscriptions_dispositifs (latest month's file, then latest line).
with ranked as (
    select
        raw.*,
        row_number() over (
            partition by id_inscription
            order by partition_key desc, source_line desc
        ) as export_rank
    from raw_ml__inscriptions_dispositifs as raw
),

enrolments as (
    select
        id_inscription,
        cast(date_naissance as date) as date_naissance,
        cast(date_debut as date) as date_debut,
        cast(date_fin as date) as date_fin
    from ranked
    where export_rank = 1
),

bounds as (
    select
        cast(extract(year from min(date_debut)) as integer) as first_year,
        greatest(
            cast(extract(year from max(greatest(date_debut, coalesce(date_fin, date_debut)))) as integer),
            cast(extract(year from current_date) as integer)
        ) as last_year
    from enrolments
),

years as (
    select enrolments.*, years.annee
    from enrolments, bounds, generate_series(bounds.first_year, bounds.last_year) as years(annee)
    where years.annee >= cast(extract(year from enrolments.date_debut) as integer)
        and (enrolments.date_fin is null or years.annee <= cast(extract(year from enrolments.date_fin) as integer))
),

reference as (
    select
        id_inscription,
        annee,
        date_naissance,
        greatest(date_debut, cast(cast(annee as varchar) || '-01-01' as date)) as jour
    from years
)

select
    id_inscription,
    annee,
    coalesce(
        extract(year from jour) - extract(year from date_naissance)
        - case
            when extract(month from jour) * 100 + extract(day from jour)
                < extract(month from date_naissance) * 100 + extract(day from date_naissance)
            then 1 else 0
        end < 18,
        false
    ) as mineur
from reference
