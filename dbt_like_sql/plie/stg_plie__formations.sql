-- Training conventions financed by the PLIE (Professionnalisante or Permis de conduire), one row
-- per convention, with start, planned or actual end and outcome. Staging: renamed and cast only.
-- A convention found in several monthly files (start date corrected between exports) is taken
-- from the latest month's.
with ranked as (
    select
        raw.*,
        row_number() over (
            partition by id_convention
            order by partition_key desc, source_line desc
        ) as export_rank
    from raw_plie__formations as raw
)

select
    id_convention,
    organisme,
    id_participant,
    type_formation,
    intitule,
    cast(date_debut as date) as date_debut,
    cast(date_fin as date) as date_fin,
    resultat,
    source_file,
    source_line
from ranked
where export_rank = 1
