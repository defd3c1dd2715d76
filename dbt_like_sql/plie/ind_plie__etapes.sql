-- PLIE key figures of the report year Y: parcours steps. Computed in int_plie__ytd_etapes over
-- year-to-date periods; these are its December rows (1 January to 31 December of Y).
-- Steps of Y: start date by 31/12/Y, and no end or an end on or after 01/01/Y (plie.etapes.total);
-- participants with at least one step of Y, distinct (plie.etapes.participants); steps started in
-- Y (plie.etapes.demarrees_annee) and their share of the steps of Y.
-- Employment steps: type_etape = 'Emploi' only (insertion jobs are not included), their share of
-- the steps of Y (plie.etapes.emploi.part_pct) and the share started in Y among them
-- (plie.etapes.emploi.demarrees_annee.part_pct).
-- Qualifying share: among Formation steps of Y, those with formation_qualifiante = 'O'
-- (plie.etapes.formation.qualifiante.part_pct).
-- Shares in percent, unrounded; none when the group is empty.
select report_year, indicator_id, period, value, unit
from int_plie__ytd_etapes
where is_year_end
