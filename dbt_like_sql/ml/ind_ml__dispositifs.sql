-- Mission Locale key figures of the report year Y: the CEJ, the PACEA and the reinforced follow-up
-- of disabled young people. Computed in int_ml__ytd_dispositifs over year-to-date periods; these are
-- its December rows (1 January to 31 December of Y).
-- CEJ young people accompanied in Y: a CEJ entry by 31/12/Y with no exit or an exit on or after
-- 01/01/Y, distinct (ml.cej.jeunes); entered in Y: entry date in Y (ml.cej.entrees_annee), of whom
-- QPV residents (.qpv). A CEJ entered in one year and left in the next is accompanied in both and
-- entered in the first. CEJ contacts: events of Y dated within the young person's CEJ, entry and
-- exit days included (ml.cej.contacts), per young person accompanied (ml.cej.contacts_par_jeune).
-- Professional measures: Emploi, Alternance, Formation or Immersion professionnelle situations
-- started in Y within the young person's CEJ (ml.cej.mesures), their young people
-- (ml.cej.jeunes_mesures) and their share of the CEJ young people (ml.cej.solution_pro.part_pct).
-- CEJ workshops: distinct workshop sessions of Y with at least one attendee in a CEJ that day
-- (ml.cej.ateliers), per month of the period (ml.cej.ateliers_par_mois, / 12 in December).
-- PACEA: young people with a PACEA entry in Y (ml.pacea.entrees). Young people in the 'Suivi
-- renforcé TH' programme during Y (ml.sante.th_suivi_renforce).
select report_year, indicator_id, period, value, unit
from int_ml__ytd_dispositifs
where is_year_end
