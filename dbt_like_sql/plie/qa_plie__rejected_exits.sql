-- PLIE exits the figures leave out, each with the rule it breaks, so that nothing is dropped
-- silently. These rules involve two extracts, so ingestion (one file at a time) cannot check them:
-- `exit_before_entry`: the exit is dated before the participant's entry date;
-- `unknown_participant`: no participants extract holds the participant.
-- int_plie__parcours ignores these exits: a participant whose only exit is rejected counts as
-- still in parcours until the exit is corrected in the tracking tool. One row per rejected exit,
-- with its file and line; the participant id is the pseudonym.
select
    sorties.id_participant,
    sorties.date_sortie,
    sorties.motif_sortie,
    participants.date_entree,
    case
        when participants.id_participant is null then 'unknown_participant'
        else 'exit_before_entry'
    end as rule,
    case
        when participants.id_participant is null then 'exit of a participant absent from the participants extracts'
        else 'exit dated before the participant''s entry'
    end as reason,
    sorties.source_file as file,
    sorties.source_line as line
from stg_plie__sorties as sorties
left join stg_plie__participants as participants
    on sorties.id_participant = participants.id_participant
where participants.id_participant is null
    or sorties.date_sortie < participants.date_entree
