-- PLIE figures year to date, month by month, for the monthly dashboard: every figure of the
-- ind_plie__* models (same ids, same definitions, same computation) over 1 January to the end of
-- each month (YYYY-MM) up to the month of the last dated record. The December row of a year is
-- that year's figure in the indicators table. Not part of the indicators table (per report year).
with figures as (
    select month, indicator_id, period, value, unit, is_covered from int_plie__ytd_participants
    union all
    select month, indicator_id, period, value, unit, is_covered from int_plie__ytd_etapes
    union all
    select month, indicator_id, period, value, unit, is_covered from int_plie__ytd_sorties
    union all
    select month, indicator_id, period, value, unit, is_covered from int_plie__ytd_formations
    union all
    select month, indicator_id, period, value, unit, is_covered from int_plie__ytd_accompagnement_social
)

select month, indicator_id, period, value, unit
from figures
where is_covered
