-- Operations with an insertion clause, one row each, inside the territory (sur_le_territoire) or not; empty end: still running.
-- Staging: renamed and cast only. Key kept: (id_operation); a record found in several monthly files
-- (a re-export, possibly corrected) is taken from the latest month's, its last line.
with ranked as (
    select
        raw.*,
        row_number() over (
            partition by id_operation
            order by partition_key desc, source_line desc
        ) as export_rank
    from raw_mde__clauses_operations as raw
)

select
    id_operation,
    operation,
    maitre_d_ouvrage,
    sur_le_territoire = 'O' as sur_le_territoire,
    cast(date_debut as date) as date_debut,
    cast(date_fin as date) as date_fin,
    source_file,
    source_line
from ranked
where export_rank = 1
