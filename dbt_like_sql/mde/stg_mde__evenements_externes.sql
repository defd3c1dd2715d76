-- Employment events organised by others that the MDE took part in, one row each.
-- Staging: renamed and cast only. Key kept: (date_evenement, evenement); a record found in several monthly files
-- (a re-export, possibly corrected) is taken from the latest month's, its last line.
with ranked as (
    select
        raw.*,
        row_number() over (
            partition by date_evenement, evenement
            order by partition_key desc, source_line desc
        ) as export_rank
    from raw_mde__evenements_externes as raw
)

select
    cast(date_evenement as date) as date_evenement,
    evenement,
    lieu,
    source_file,
    source_line
from ranked
where export_rank = 1
