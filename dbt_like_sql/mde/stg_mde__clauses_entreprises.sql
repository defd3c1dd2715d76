-- Companies supported with an insertion clause, one row per company (SIRET), operation and day.
-- Staging: renamed and cast only. Key kept: (siret, id_operation, date_accompagnement); a record found in several monthly files
-- (a re-export, possibly corrected) is taken from the latest month's, its last line.
with ranked as (
    select
        raw.*,
        row_number() over (
            partition by siret, id_operation, date_accompagnement
            order by partition_key desc, source_line desc
        ) as export_rank
    from raw_mde__clauses_entreprises as raw
)

select
    siret,
    entreprise,
    id_operation,
    cast(date_accompagnement as date) as date_accompagnement,
    source_file,
    source_line
from ranked
where export_rank = 1
