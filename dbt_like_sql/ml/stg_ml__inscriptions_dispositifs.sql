-- Enrolments of young people in the ML's schemes (vocational-school reform schemes, training
-- obligation, mentoring, justice-referred youth, FSE+ projects), one row each, with start and end
-- (empty end: running), the mentor of a Parrainage enrolment and the training-obligation
-- compliance. Staging: renamed and cast only; the birth date is not read here (ages:
-- stg_ml__inscriptions_dispositifs_minorite). Key id_inscription: an enrolment found in several monthly files
-- (start corrected, end added) is taken from the latest month's file, then its latest line.
with ranked as (
    select
        raw.*,
        row_number() over (
            partition by id_inscription
            order by partition_key desc, source_line desc
        ) as export_rank
    from raw_ml__inscriptions_dispositifs as raw
)

select
    id_inscription,
    id_jeune,
    dispositif,
    cast(date_debut as date) as date_debut,
    cast(date_fin as date) as date_fin,
    id_parrain,
    en_regle_obligation_formation = 'O' as en_regle_obligation_formation,
    source_file,
    source_line
from ranked
where export_rank = 1
