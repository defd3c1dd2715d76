-- Mission Locale key figures of the report year Y: health. Computed in int_ml__ytd_sante over
-- year-to-date periods; these are its December rows (1 January to 31 December of Y).
-- Collective actions (int_ml__presences: attendees recorded present, action dated in Y):
-- ml.sante.seeph.participants: distinct attendees of actions of theme 'SEEPH', young people AND
-- partners' staff (the report counts "jeunes et partenaires"); ml.sante.nutrition and
-- ml.sante.activite_physique: distinct young people present at actions of theme
-- 'Santé - Nutrition' / 'Santé - Activité physique'.
-- Individual appointments (stg_ml__entretiens_individuels) dated in Y and held (statut 'Réalisé';
-- no-shows and cancellations are not counted): ml.sante.cpam.jeunes: distinct young people with a
-- 'Déléguée sociale CPAM' appointment; ml.sante.bilan_sante: with a 'Bilan de santé' (Institut
-- Pasteur); ml.sante.psychologue.jeunes: with a 'Psychologue' appointment (Permanence Accueil
-- Écoute), ml.sante.psychologue.entretiens: the number of those appointments, and its evolution
-- ml.sante.psychologue.entretiens.evol_pct = 100 * (appointments of Y / appointments of Y-1 - 1),
-- unrounded; none when Y-1 has none or is before the first year of data.
-- The disability follow-up (ml.sante.th_suivi_renforce) comes from i-milo: see schemas/ml.py.
select report_year, indicator_id, period, value, unit
from int_ml__ytd_sante
where is_year_end
