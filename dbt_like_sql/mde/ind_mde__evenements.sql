-- MDE key figures of the report year Y: employment events. Computed in int_mde__ytd_evenements
-- over year-to-date periods; these are its December rows (1 January to 31 December of Y).
-- Events organised in Y: one row of the events register dated in Y each (mde.evenements.organises);
-- their exhibitors, participants and interviews (where counted; an empty cell adds nothing), summed
-- (mde.evenements.exposants, .participants, .entretiens). The association's yearly job fair: events of
-- type 'Salon' (mde.evenements.salon_cles_emploi.*). External events the MDE took part in: rows of
-- the external events register dated in Y (mde.evenements.participations_externes). Per event type
-- (Salon, Job Dating, Décroche ton Job, Rendez-vous des Possibles, Autre): events, exhibitors and
-- participants (mde.evenements.type.<type>.organises, .exposants, .participants).
select report_year, indicator_id, period, value, unit
from int_mde__ytd_evenements
where is_year_end
