-- PLIE exits, one row per participant who left, with the exit date and motif. Staging: renamed
-- and cast only. An exit found in several monthly files (exit date corrected between exports) is
-- taken from the latest month's. Exits that contradict the participants file are listed in
-- qa_plie__rejected_exits and left out of int_plie__parcours.
with ranked as (
    select
        raw.*,
        row_number() over (
            partition by id_participant
            order by partition_key desc, source_line desc
        ) as export_rank
    from raw_plie__sorties as raw
)

select
    id_participant,
    cast(date_sortie as date) as date_sortie,
    motif_sortie,
    source_file,
    source_line
from ranked
where export_rank = 1
