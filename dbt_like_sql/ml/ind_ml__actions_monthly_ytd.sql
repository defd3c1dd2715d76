-- Figures of the ML's own registers (collective actions and partnerships) year to date, month by
-- month, for the monthly dashboard: every figure of ind_ml__sante, ind_ml__orientation_actions,
-- ind_ml__mobilite_internationale, ind_ml__partenariat_ft, ind_ml__dispositifs_actions,
-- ind_ml__citoyennete and ind_ml__parole_jeunes (same ids, same definitions, same computation) over
-- 1 January to the end of each month (YYYY-MM) up to the month of the last dated record. The
-- December row of a year is that year's figure in the indicators table.
with figures as (
    select month, indicator_id, period, value, unit, is_covered from int_ml__ytd_sante
    union all
    select month, indicator_id, period, value, unit, is_covered from int_ml__ytd_orientation_actions
    union all
    select month, indicator_id, period, value, unit, is_covered from int_ml__ytd_mobilite_internationale
    union all
    select month, indicator_id, period, value, unit, is_covered from int_ml__ytd_partenariat_ft
    union all
    select month, indicator_id, period, value, unit, is_covered from int_ml__ytd_dispositifs_actions
    union all
    select month, indicator_id, period, value, unit, is_covered from int_ml__ytd_citoyennete
    union all
    select month, indicator_id, period, value, unit, is_covered from int_ml__ytd_parole_jeunes
)

select month, indicator_id, period, value, unit
from figures
where is_covered
