-- SIAE placements, one row per person and placement, with the structure type (ACI, EI, AI, ETTI).
-- Staging: renamed and cast only. Key kept: (id_personne, date_placement); a record found in several monthly files
-- (a re-export, possibly corrected) is taken from the latest month's, its last line.
-- id_personne: pseudonyms (keyed hash at ingestion).
with ranked as (
    select
        raw.*,
        row_number() over (
            partition by id_personne, date_placement
            order by partition_key desc, source_line desc
        ) as export_rank
    from raw_mde__siae as raw
)

select
    id_personne,
    cast(date_placement as date) as date_placement,
    structure,
    type_structure,
    source_file,
    source_line
from ranked
where export_rank = 1
