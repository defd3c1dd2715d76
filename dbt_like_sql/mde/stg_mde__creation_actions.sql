-- Business-creation collective actions (collective workshops, creation village, creators' contest, other events), one row each with its participants.
-- Staging: renamed and cast only. Key kept: (date_action, action); a record found in several monthly files
-- (a re-export, possibly corrected) is taken from the latest month's, its last line.
with ranked as (
    select
        raw.*,
        row_number() over (
            partition by date_action, action
            order by partition_key desc, source_line desc
        ) as export_rank
    from raw_mde__creation_actions as raw
)

select
    cast(date_action as date) as date_action,
    action,
    type_action,
    cast(participants as integer) as participants,
    source_file,
    source_line
from ranked
where export_rank = 1
