-- Mission Locale key figures of the report year Y: employment, work-study, training and immersion
-- situations. Computed in int_ml__ytd_situations over year-to-date periods; these are its December
-- rows (1 January to 31 December of Y).
-- Situation of Y: started by 31/12/Y, and no end or an end on or after 01/01/Y (a situation spanning
-- two years counts in both). Employment (category Emploi): situations (ml.emploi.situations), young
-- people distinct (ml.emploi.jeunes), CDI (ml.emploi.cdi), share of ROME domain N, transport and
-- logistics (ml.emploi.transport_logistique.part_pct); among the young people, read at the start
-- of their first employment situation of Y: level below the bac, aged 18 to 21 (exact age from the
-- birth date), men (ml.emploi.infra_bac / age_18_21 / hommes, with .part_pct).
-- Work-study (Alternance): young people with a situation of Y (ml.alternance.jeunes_suivis),
-- contracts started in Y (ml.alternance.contrats_signes), share of ROME domain D, trade and sales,
-- among those (ml.alternance.commerce_vente.part_pct).
-- Training (Formation): situations, young people, returns to initial education, qualifying or
-- pre-qualifying share, personal-services share (ROME K), young people below the bac (ml.formation.*).
-- PMSMP conventions signed: immersions started in Y (ml.orientation.pmsmp_conventions).
-- Shares in percent, unrounded; none when the group is empty.
select report_year, indicator_id, period, value, unit
from int_ml__ytd_situations
where is_year_end
