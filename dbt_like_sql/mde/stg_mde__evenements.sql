-- Employment events the MDE organised, one row each: day, name, type (Salon, Job Dating...), place, exhibitors, participants, interviews (empty when not counted).
-- Staging: renamed and cast only. Key kept: (date_evenement, evenement); a record found in several monthly files
-- (a re-export, possibly corrected) is taken from the latest month's, its last line.
with ranked as (
    select
        raw.*,
        row_number() over (
            partition by date_evenement, evenement
            order by partition_key desc, source_line desc
        ) as export_rank
    from raw_mde__evenements as raw
)

select
    cast(date_evenement as date) as date_evenement,
    evenement,
    type_evenement,
    lieu,
    cast(exposants as integer) as exposants,
    cast(participants as integer) as participants,
    cast(entretiens as integer) as entretiens,
    source_file,
    source_line
from ranked
where export_rank = 1
