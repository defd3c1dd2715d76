-- Businesses created by supported entrepreneurs, one row each.
-- Staging: renamed and cast only. Key kept: (id_porteur, date_creation); a record found in several monthly files
-- (a re-export, possibly corrected) is taken from the latest month's, its last line.
-- id_porteur: pseudonyms (keyed hash at ingestion).
with ranked as (
    select
        raw.*,
        row_number() over (
            partition by id_porteur, date_creation
            order by partition_key desc, source_line desc
        ) as export_rank
    from raw_mde__creation_entreprises as raw
)

select
    id_porteur,
    cast(date_creation as date) as date_creation,
    forme_juridique,
    source_file,
    source_line
from ranked
where export_rank = 1
