-- PLIE key figures of the report year Y: social support. Computed in
-- int_plie__ytd_accompagnement_social over year-to-date periods; these are its December rows
-- (1 January to 31 December of Y).
-- Actions of Y: date_action in Y. Participants: distinct attendees
-- (plie.accompagnement_social.participants); hours: summed over every attendee's row
-- (plie.accompagnement_social.heures); collective actions: distinct id_action with type_action
-- 'Collectif' (plie.accompagnement_social.actions_collectives).
select report_year, indicator_id, period, value, unit
from int_plie__ytd_accompagnement_social
where is_year_end
