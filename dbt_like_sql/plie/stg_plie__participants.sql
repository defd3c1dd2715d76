-- PLIE entries, one row per parcours: participant and entry date (key: id_participant,
-- date_entree), with the profile at that entry, commune of residence and prescriber. Staging:
-- renamed and cast only (O/N flags as booleans), plus the two rules that say which exported rows
-- are the same parcours. id_participant is a pseudonym; the birth date stays in
-- raw_plie__participants (stg_plie__ages derives the age flags).
-- Re-export: a key found in several exports is the same record; the newest export's row is kept
-- (then its latest line).
-- Correction or re-entry: a participant's entries are taken in date order. An entry after an exit
-- of the participant (an exit dated on or after the previous entry and before this one) is a
-- re-entry: a second parcours. An entry with no exit since the previous one is the same parcours
-- with its entry date corrected (the tool exports the changed record in a later month, and the
-- earlier export is not sent again): the newest export's row wins. Entries of one parcours found
-- in the same, newest export are all current in the tool: each is a parcours of its own (a
-- re-entry whose exit was not recorded).
with ranked as (
    select
        raw.*,
        cast(raw.date_entree as date) as entree,
        row_number() over (
            partition by id_participant, date_entree
            order by partition_key desc, source_line desc
        ) as export_rank
    from raw_plie__participants as raw
),

exits as (
    select distinct
        id_participant,
        cast(date_sortie as date) as date_sortie
    from raw_plie__sorties
),

sequenced as (
    select
        ranked.*,
        lag(entree) over (partition by id_participant order by entree) as entree_precedente
    from ranked
    where export_rank = 1
),

flagged as (
    select
        sequenced.*,
        case
            when entree_precedente is null then 1
            when exists (
                select 1
                from exits
                where exits.id_participant = sequenced.id_participant
                    and exits.date_sortie >= sequenced.entree_precedente
                    and exits.date_sortie < sequenced.entree
            ) then 1
            else 0
        end as starts_parcours
    from sequenced
),

grouped as (
    select
        flagged.*,
        sum(starts_parcours) over (
            partition by id_participant
            order by entree
            rows between unbounded preceding and current row
        ) as parcours_number
    from flagged
),

corrected as (
    select
        grouped.*,
        rank() over (
            partition by id_participant, parcours_number
            order by partition_key desc
        ) as correction_rank
    from grouped
)

select
    id_participant,
    entree as date_entree,
    sexe,
    code_commune,
    qpv = 'O' as qpv,
    cast(niveau_formation as integer) as niveau_formation,
    rsa = 'O' as rsa,
    public_prioritaire,
    prescripteur,
    source_file,
    source_line
from corrected
where correction_rank = 1
