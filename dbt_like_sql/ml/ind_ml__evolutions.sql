-- Mission Locale evolutions of the report year Y on Y-1 (ids suffixed .evol_pct): 100 * (value of
-- Y - value of Y-1) / value of Y-1, both December rows (the yearly figures), for new registrations,
-- young people in interviews, contacts, employment situations and CDI. Computed in
-- int_ml__ytd_evolutions; these are its December rows.
select report_year, indicator_id, period, value, unit
from int_ml__ytd_evolutions
where is_year_end
