-- MDE key figures of the report year Y: insertion clauses. Computed in int_mde__ytd_clauses over
-- year-to-date periods; these are its December rows.
-- Operations followed in Y: running at some point of Y (started by 31/12/Y, no end or an end on or
-- after 01/01/Y), on the territory (mde.clauses.operations_mno) or not (.operations_hors_mno).
-- Hours of Y: hours rows whose month is in Y, exact decimals. Residents of the territory (commune on
-- the hours row among ref_territory__communes): their hours on every operation
-- (mde.clauses.heures_habitants_mno), distinct people (.habitants_mno), full-time equivalent = those
-- hours / clause_fte_hours from configuration, 1 607 (.etp); split by operation on the territory or
-- not (.heures_habitants_mno.operations_mno, .operations_hors_mno). Operations on the territory:
-- hours by everyone (.heures_chantiers_mno), distinct residents (.chantiers_mno.habitants_mno), hours
-- and distinct people not resident (.chantiers_mno.heures_hors_mno, .habitants_hors_mno). Companies
-- supported in Y: distinct SIRET (mde.clauses.entreprises).
select report_year, indicator_id, period, value, unit
from int_mde__ytd_clauses
where is_year_end
