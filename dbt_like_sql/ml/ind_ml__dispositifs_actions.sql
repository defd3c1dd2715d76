-- Mission Locale key figures of the report year Y: FSE+ projects, culture, mentoring and
-- justice-referred youth. Computed in int_ml__ytd_dispositifs_actions over year-to-date periods;
-- these are its December rows (1 January to 31 December of Y).
-- Enrolments (stg_ml__inscriptions_dispositifs) of Y: started by 31/12/Y, and no end or an end on or after
-- 01/01/Y; each figure counts distinct young people with an enrolment of Y in its scheme:
-- ml.fse.alternance ('FSE+ Alternance'), ml.fse.numerique ('FSE+ Numérique'), ml.fse.handicap
-- ('FSE+ Handicap'), ml.parrainage.jeunes ('Parrainage'), ml.jsmj.milieu_ferme ('JSMJ milieu
-- fermé'), ml.jsmj.milieu_ouvert ('JSMJ milieu ouvert', the ML's justice referent).
-- ml.parrainage.parrains: distinct mentors (id_parrain) of the Parrainage enrolments of Y.
-- ml.culture.actions: actions of theme 'Culture' dated in Y; ml.culture.jeunes: distinct young
-- people present at them.
select report_year, indicator_id, period, value, unit
from int_ml__ytd_dispositifs_actions
where is_year_end
