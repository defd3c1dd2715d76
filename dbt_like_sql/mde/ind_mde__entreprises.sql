-- MDE key figures of the report year Y: employer relations. Computed in int_mde__ytd_entreprises
-- over year-to-date periods; these are its December rows.
-- Awareness contacts dated in Y (mde.entreprises.sensibilisations); work-study contracts starting in
-- Y (mde.entreprises.contrats_alternance), of which apprenticeships (.contrats_apprentissage); PEC
-- followed in Y: started by 31/12/Y and not ended before 01/01/Y (mde.entreprises.pec), of which
-- started in Y (.pec.demarres_annee); temporary-work contracts starting in Y (.interim.contrats) and
-- the distinct people who signed them (.interim.personnes); PMSMP and fixed-term contracts of the
-- recruitment operations starting in Y, summed (.recrutement_smyths.pmsmp, .recrutement_smyths.cdd:
-- in 2025 the register's one operation).
select report_year, indicator_id, period, value, unit
from int_mde__ytd_entreprises
where is_year_end
