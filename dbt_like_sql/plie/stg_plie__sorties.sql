-- PLIE exits, one row per participant and exit date (key: id_participant, date_sortie), with the
-- motif. A participant who left, came back and left again has two. Staging: renamed and cast
-- only. A key found in several monthly files is a re-export: the latest month's row is kept
-- (then the latest line). int_plie__sorties attaches each exit to the parcours open at its date;
-- exits with none are listed in qa_plie__rejected_exits.
with ranked as (
    select
        raw.*,
        row_number() over (
            partition by id_participant, date_sortie
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
