-- Communication figures year to date, month by month, for the monthly dashboard: every figure of
-- ind_communication__statistiques (same ids, same definitions, same computation) over 1 January to
-- the end of each month (YYYY-MM) up to the month of the last dated record.
select month, indicator_id, period, value, unit
from int_communication__ytd
where is_covered
