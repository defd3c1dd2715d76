-- MDE key figures of the report year Y: SIAE placements. Computed in int_mde__ytd_siae over
-- year-to-date periods; these are its December rows.
-- Distinct people placed in Y (mde.siae.placements) and, per structure type ACI, EI, AI, ETTI, the
-- distinct people placed in one (mde.siae.placements.aci, .ei, .ai, .etti).
select report_year, indicator_id, period, value, unit
from int_mde__ytd_siae
where is_year_end
