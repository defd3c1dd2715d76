-- MDE figures year to date, month by month, for the monthly dashboard: every figure of the
-- ind_mde__* models (same ids, same definitions, same computation) over 1 January to the end of
-- each month (YYYY-MM) up to the month of the last dated record. The December row of a year is
-- that year's figure in the indicators table. Not part of the indicators table (per report year).
with figures as (
    select month, indicator_id, period, value, unit, is_covered from int_mde__ytd_evenements
    union all
    select month, indicator_id, period, value, unit, is_covered from int_mde__ytd_creation
    union all
    select month, indicator_id, period, value, unit, is_covered from int_mde__ytd_entreprises
    union all
    select month, indicator_id, period, value, unit, is_covered from int_mde__ytd_clauses
    union all
    select month, indicator_id, period, value, unit, is_covered from int_mde__ytd_mobilite
    union all
    select month, indicator_id, period, value, unit, is_covered from int_mde__ytd_siae
    union all
    select month, indicator_id, period, value, unit, is_covered from int_mde__ytd_cyberbase
)

select month, indicator_id, period, value, unit
from figures
where is_covered
