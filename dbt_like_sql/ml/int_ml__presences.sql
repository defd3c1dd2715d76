-- Attendance at ML collective actions that counts: one row per action and attendee recorded
-- present ('Présent'; absent and excused attendees are not counted), with the action's theme,
-- date and partner taken from the actions register (stg_ml__actions_collectives), which is
-- authoritative for them. Attendance of an action the register does not hold is left out and
-- listed in qa_ml__presences_sans_action. est_jeune: a young person, not a partner's staff.
select
    actions.id_action,
    actions.date_action,
    actions.theme,
    actions.en_partenariat,
    presences.id_participant,
    presences.est_jeune
from stg_ml__participations_actions as presences
inner join stg_ml__actions_collectives as actions
    on presences.id_action = actions.id_action
where presences.present
