-- PLIE exits the figures leave out, each with the rule it breaks, so that nothing is dropped
-- silently: the exits of int_plie__sorties with no parcours open at their date. These rules
-- involve two extracts, so ingestion (one file at a time) cannot check them:
-- `unknown_participant`: no participants extract holds the participant;
-- `exit_before_entry`: the exit is dated before the participant's first entry;
-- `parcours_already_closed`: the parcours open at that date already ended with an earlier exit,
-- and the participant has not re-entered since.
-- A parcours whose only exit is rejected counts as still running until the exit is corrected in
-- the tracking tool. One row per rejected exit, with its file and line; the participant id is the
-- pseudonym; date_entree: the entry of the parcours concerned (the first entry for
-- exit_before_entry). reference_date (the exit date) places the row in a report year: the run
-- summary, every output's data state and the quality report list it (quality/set_aside.py).
select
    id_participant,
    date_sortie,
    motif_sortie,
    date_entree,
    rule,
    case rule
        when 'unknown_participant' then 'exit of a participant absent from the participants extracts'
        when 'exit_before_entry' then 'exit dated before the participant''s first entry'
        else 'exit dated after its parcours had already ended, with no re-entry in between'
    end as reason,
    source_file as file,
    source_line as line,
    date_sortie as reference_date
from int_plie__sorties
where rule is not null
