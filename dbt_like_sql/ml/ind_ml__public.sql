-- Mission Locale key figures of the report year Y: the public and its follow-up. Computed in
-- int_ml__ytd_public over year-to-date periods; these are its December rows (1 January to
-- 31 December of Y).
-- New registration: first reception (date_premier_accueil) in Y, 31 December included
-- (ml.public.nouvelles_inscriptions). Contact: any i-milo event dated in Y (ml.public.contacts);
-- interview: an event of type 'Entretien individuel' (ml.public.entretiens). Young person
-- accompanied: at least one interview in Y, distinct (ml.public.jeunes_entretien). Proposals dated
-- in Y (ml.public.propositions) and the share with theme 'Emploi' (.emploi.part_pct, in percent,
-- unrounded). Evolutions on Y-1: ind_ml__evolutions.
select report_year, indicator_id, period, value, unit
from int_ml__ytd_public
where is_year_end
