-- Mission Locale figures year to date, month by month, for the monthly dashboard: every figure of the
-- ind_ml__* models (same ids, same definitions, same computation) over 1 January to the end of
-- each month (YYYY-MM) up to the month of the last dated record. The December row of a year is
-- that year's figure in the indicators table. Not part of the indicators table (per report year).
with figures as (
    select month, indicator_id, period, value, unit, is_covered from int_ml__ytd_public
    union all
    select month, indicator_id, period, value, unit, is_covered from int_ml__ytd_situations
    union all
    select month, indicator_id, period, value, unit, is_covered from int_ml__ytd_dispositifs
    union all
    select month, indicator_id, period, value, unit, is_covered from int_ml__ytd_aides
    union all
    select month, indicator_id, period, value, unit, is_covered from int_ml__ytd_evolutions
)

select month, indicator_id, period, value, unit
from figures
where is_covered
