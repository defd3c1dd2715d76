-- Ages of PLIE participants at the dates the PLIE definitions name, derived from the exact birth
-- date, which is personal data and never leaves raw_plie__participants: this is the only model
-- that reads it, and it outputs flags, never the date. One row per participant and reference
-- date (key: id_participant, date_reference): each entry date, each exit date, and the end of
-- every month (the period ends of int_plie__periodes) from the month of the participant's first
-- entry to the month of their last exit, or, if they have re-entered since (or never left), to
-- December of the last year with a dated PLIE record.
-- Senior: aged 50 or more on the reference date, in completed years from the exact birth date (a
-- birthday later in the month is not reached early; born on 29 February: the birthday is 1 March
-- in other years): (yyyymmdd of the date - yyyymmdd of the birth date) >= 500000.
-- Birth date of a participant: from the latest export that gives one (corrections win); unknown
-- birth date: not senior.
with births as (
    select
        id_participant,
        cast(date_naissance as date) as date_naissance,
        row_number() over (
            partition by id_participant
            order by case when date_naissance is null then 1 else 0 end, partition_key desc, source_line desc
        ) as export_rank
    from raw_plie__participants
),

entries as (
    select id_participant, min(date_entree) as premiere_entree, max(date_entree) as derniere_entree
    from stg_plie__participants
    group by id_participant
),

exits as (
    select id_participant, max(date_sortie) as derniere_sortie
    from stg_plie__sorties
    group by id_participant
),

-- the months a participant may be in parcours: from the first entry to the last exit, when it
-- closes the latest parcours
spans as (
    select
        entries.id_participant,
        entries.premiere_entree,
        case when exits.derniere_sortie >= entries.derniere_entree then exits.derniere_sortie end as fin
    from entries
    left join exits
        on entries.id_participant = exits.id_participant
),

dates as (
    select date_entree as jour from stg_plie__participants
    union all
    select date_debut as jour from stg_plie__etapes
    union all
    select date_sortie as jour from stg_plie__sorties
    union all
    select date_debut as jour from stg_plie__formations
    union all
    select date_action as jour from stg_plie__accompagnement_social
),

bounds as (
    select
        cast(extract(year from min(jour)) as integer) as first_year,
        cast(extract(year from max(jour)) as integer) as last_year
    from dates
),

month_ends as (
    select
        cast(
            cast(years.report_year as varchar) || '-' || lpad(cast(month_numbers.month_number as varchar), 2, '0') || '-01'
            as date
        ) as month_start,
        cast(
            case
                when month_numbers.month_number = 12 then cast(years.report_year + 1 as varchar) || '-01-01'
                else cast(years.report_year as varchar) || '-' || lpad(cast(month_numbers.month_number + 1 as varchar), 2, '0') || '-01'
            end as date
        ) - 1 as jour
    from bounds,
        generate_series(bounds.first_year, bounds.last_year) as years(report_year),
        (values (1), (2), (3), (4), (5), (6), (7), (8), (9), (10), (11), (12)) as month_numbers(month_number)
),

reference_dates as (
    select id_participant, date_entree as date_reference from stg_plie__participants
    union
    select id_participant, date_sortie as date_reference from stg_plie__sorties
    union
    select spans.id_participant, month_ends.jour as date_reference
    from spans
    inner join month_ends
        on month_ends.jour >= spans.premiere_entree
        and (spans.fin is null or month_ends.month_start <= spans.fin)
)

select
    reference_dates.id_participant,
    reference_dates.date_reference,
    coalesce(
        extract(year from reference_dates.date_reference) * 10000
        + extract(month from reference_dates.date_reference) * 100
        + extract(day from reference_dates.date_reference)
        - (
            extract(year from births.date_naissance) * 10000
            + extract(month from births.date_naissance) * 100
            + extract(day from births.date_naissance)
        ) >= 500000,
        false
    ) as senior
from reference_dates
left join births
    on reference_dates.id_participant = births.id_participant
    and births.export_rank = 1
