-- MDE key figures of the report year Y: business creation (the programme the report names by its configured label). Computed in
-- int_mde__ytd_creation over year-to-date periods; these are its December rows.
-- Collective workshops: actions of type 'Atelier collectif' dated in Y (mde.creation.ateliers) and
-- their participants (.ateliers.participants); the Village de la Création and creators' contest:
-- participants of the actions of those types (mde.creation.village.participants, .talents_crea).
-- Project holders received in Y: distinct people (mde.creation.porteurs), of whom residents of the
-- territory (.porteurs.mno), women and men (.femmes, .hommes), from their latest reception in Y.
-- Participants in business-creation actions: participants of every action of Y plus the holders received
-- (mde.creation.participants). Orientations to partners dated in Y (mde.creation.orientations);
-- entrepreneurs with a business created in Y, distinct (mde.creation.entreprises_creees).
select report_year, indicator_id, period, value, unit
from int_mde__ytd_creation
where is_year_end
