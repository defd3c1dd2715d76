-- PLIE exits, each attached to the parcours open at its date: one row per exit (key:
-- id_participant, date_sortie). A parcours is a participant's entry (id_participant,
-- date_entree); it runs until its exit, or until the participant's next entry. An exit belongs
-- to the parcours whose entry is on or before the exit date and whose next entry (if any) is
-- after it; the first such exit closes the parcours.
-- Exits with no parcours open at their date carry the rule they break (null for the others), and
-- are listed in qa_plie__rejected_exits:
-- `unknown_participant`: no participants extract holds the participant;
-- `exit_before_entry`: the exit is dated before the participant's first entry;
-- `parcours_already_closed`: the parcours open at that date already has an earlier exit, and the
-- participant has not re-entered since (e.g. an exit date corrected to a later month while the
-- earlier month's file still holds the old date).
-- date_entree: entry date of the parcours the exit falls in (for exit_before_entry: the
-- participant's first entry; none for unknown_participant).
with parcours as (
    select
        id_participant,
        date_entree,
        lead(date_entree) over (partition by id_participant order by date_entree) as date_entree_suivante
    from stg_plie__participants
),

first_entries as (
    select id_participant, min(date_entree) as premiere_entree
    from stg_plie__participants
    group by id_participant
),

attached as (
    select
        sorties.id_participant,
        sorties.date_sortie,
        sorties.motif_sortie,
        parcours.date_entree,
        first_entries.premiere_entree,
        first_entries.id_participant is not null as participant_connu,
        row_number() over (
            partition by sorties.id_participant, parcours.date_entree
            order by sorties.date_sortie, sorties.source_file, sorties.source_line
        ) as rang_dans_parcours,
        sorties.source_file,
        sorties.source_line
    from stg_plie__sorties as sorties
    left join parcours
        on sorties.id_participant = parcours.id_participant
        and sorties.date_sortie >= parcours.date_entree
        and (parcours.date_entree_suivante is null or sorties.date_sortie < parcours.date_entree_suivante)
    left join first_entries
        on sorties.id_participant = first_entries.id_participant
)

select
    id_participant,
    date_sortie,
    motif_sortie,
    coalesce(date_entree, premiere_entree) as date_entree,
    case
        when not participant_connu then 'unknown_participant'
        when date_entree is null then 'exit_before_entry'
        when rang_dans_parcours > 1 then 'parcours_already_closed'
    end as rule,
    source_file,
    source_line
from attached
