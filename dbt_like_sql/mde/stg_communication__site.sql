-- Website audience, one row per day: visits and pages viewed.
-- Staging: renamed and cast only. Key kept: (jour); a record found in several monthly files
-- (a re-export, possibly corrected) is taken from the latest month's, its last line.
with ranked as (
    select
        raw.*,
        row_number() over (
            partition by jour
            order by partition_key desc, source_line desc
        ) as export_rank
    from raw_communication__site as raw
)

select
    cast(jour as date) as jour,
    cast(visites as integer) as visites,
    cast(pages_vues as integer) as pages_vues,
    source_file,
    source_line
from ranked
where export_rank = 1
