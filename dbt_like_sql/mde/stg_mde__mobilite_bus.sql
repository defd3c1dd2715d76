-- Group bus trips, one row each with the people carried.
-- Staging: renamed and cast only. Key kept: (date_deplacement, destination); a record found in several monthly files
-- (a re-export, possibly corrected) is taken from the latest month's, its last line.
with ranked as (
    select
        raw.*,
        row_number() over (
            partition by date_deplacement, destination
            order by partition_key desc, source_line desc
        ) as export_rank
    from raw_mde__mobilite_bus as raw
)

select
    cast(date_deplacement as date) as date_deplacement,
    destination,
    cast(participants as integer) as participants,
    source_file,
    source_line
from ranked
where export_rank = 1
