-- Training conventions financed by the PLIE (Professionnalisante or Permis de conduire), one row
-- per convention and trainee (key: id_convention, id_participant; a convention paying for
-- several trainees has one row each), with start, planned or actual end and outcome. Staging:
-- renamed and cast only. A key found in several monthly files is a re-export (start date
-- corrected, outcome updated): the latest month's row is kept (then the latest line).
with ranked as (
    select
        raw.*,
        row_number() over (
            partition by id_convention, id_participant
            order by partition_key desc, source_line desc
        ) as export_rank
    from raw_plie__formations as raw
)

select
    id_convention,
    organisme,
    id_participant,
    type_formation,
    cast(date_debut as date) as date_debut,
    cast(date_fin as date) as date_fin,
    resultat,
    source_file,
    source_line
from ranked
where export_rank = 1
