-- Programme entries (CEJ, PACEA, Suivi renforcé TH), one row each, with entry and exit (empty
-- exit: still in the programme). Staging: renamed and cast only. Key kept: id_accompagnement
-- (latest month's file, last line: an exit filled in by a later export of the entry month wins).
with ranked as (
    select
        raw.*,
        row_number() over (
            partition by id_accompagnement
            order by partition_key desc, source_line desc
        ) as export_rank
    from raw_ml__dispositifs as raw
)

select
    id_accompagnement,
    id_jeune,
    dispositif,
    cast(date_entree as date) as date_entree,
    cast(date_sortie as date) as date_sortie,
    motif_sortie,
    source_file,
    source_line
from ranked
where export_rank = 1
