-- Attendance rows the ML figures leave out because no actions extract holds their action
-- (rule `unknown_action`), so that nothing is dropped silently: this rule involves two extracts,
-- which ingestion (one file at a time) cannot check. One row per attendance row, with its file
-- and line; the attendee id is the pseudonym. Fix: export the action, or correct its id.
-- reference_date (the attendance date) places the row in a report year: the run summary, every
-- output's data state and the quality report list it (quality/set_aside.py).
select
    presences.id_action,
    presences.id_participant,
    presences.date_action,
    'unknown_action' as rule,
    'attendance at an action absent from the actions extracts' as reason,
    presences.source_file as file,
    presences.source_line as line,
    presences.date_action as reference_date
from stg_ml__participations_actions as presences
left join stg_ml__actions_collectives as actions
    on presences.id_action = actions.id_action
where actions.id_action is null
