-- Mission Locale key figures of the report year Y: orientation actions. Computed in
-- int_ml__ytd_orientation_actions over year-to-date periods; these are its December rows
-- (1 January to 31 December of Y).
-- Enrolments (stg_ml__inscriptions_dispositifs) of Y: started by 31/12/Y, and no end or an end on or after
-- 01/01/Y. ml.orientation.lycees_pro: distinct young people with an enrolment of Y in a
-- vocational-school reform scheme ('Parcours Ambition Emploi', 'Tous Droits Ouverts', 'Avenir Pro').
-- ml.orientation.obligation_formation.mineurs: distinct young people with an 'Obligation de
-- formation' enrolment of Y who are under 18 on that enrolment's first day within Y,
-- greatest(date_debut, 01/01/Y), from the exact birth date (stg_ml__inscriptions_dispositifs_minorite);
-- ml.orientation.obligation_formation.conformite_pct: the share of them whose every such enrolment
-- is marked compliant (en_regle_obligation_formation = 'O').
-- ml.orientation.ateliers_metiers.ateliers: actions of theme 'Découverte des métiers' dated in Y
-- (ml.orientation.ateliers_metiers.jeunes: distinct young people present at them).
-- ml.coaching.jeunes: distinct young people with a held 'Coaching' appointment in Y or present at
-- a 'Coaching collectif' action of Y (individual or collective coaching by the certified coach).
-- Shares in percent, unrounded; none when the group is empty. The PMSMP conventions
-- (ml.orientation.pmsmp_conventions) come from i-milo: see schemas/ml.py.
select report_year, indicator_id, period, value, unit
from int_ml__ytd_orientation_actions
where is_year_end
