-- Programme entries (CEJ, PACEA, Suivi renforcé TH), one row each, with entry and exit (empty
-- exit: still in the programme). Staging: renamed and cast only, plus the rule that says which
-- exported rows are the same entry.
-- The tool identifies an entry by id_accompagnement. Every export of an id is a version of that
-- entry, and the newest export's version wins (then its last line): an exit filled in later, or a
-- start date corrected, replaces the earlier version. A version whose entry date falls on or
-- after the exit an earlier export gave the same id is a restart after that exit (a CEJ restarted
-- under the same id): a new entry, the earlier one kept with its exit. A restart under a new id
-- is a new entry in any case.
with versions as (
    select
        raw.*,
        cast(raw.date_entree as date) as entree,
        cast(raw.date_sortie as date) as sortie,
        row_number() over (
            partition by id_accompagnement, partition_key
            order by source_line desc
        ) as line_rank
    from raw_ml__dispositifs as raw
),

sequenced as (
    select
        versions.*,
        lag(entree) over (partition by id_accompagnement order by partition_key) as entree_precedente,
        lag(sortie) over (partition by id_accompagnement order by partition_key) as sortie_precedente
    from versions
    where line_rank = 1
),

grouped as (
    select
        sequenced.*,
        sum(
            case when sortie_precedente is not null and entree > entree_precedente and entree >= sortie_precedente then 1 else 0 end
        ) over (
            partition by id_accompagnement
            order by partition_key
            rows between unbounded preceding and current row
        ) as entry_number
    from sequenced
),

ranked as (
    select
        grouped.*,
        row_number() over (
            partition by id_accompagnement, entry_number
            order by partition_key desc
        ) as export_rank
    from grouped
)

select
    id_accompagnement,
    id_jeune,
    dispositif,
    entree as date_entree,
    sortie as date_sortie,
    motif_sortie,
    source_file,
    source_line
from ranked
where export_rank = 1
