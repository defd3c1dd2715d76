-- Mission Locale key figures of the report year Y (ids ml.*), computed in int_ml__ytd_evolutions over
-- year-to-date periods; these are its December rows (1 January to 31 December of Y). Each figure's
-- definition is in int_ml__ytd_evolutions's header.
select report_year, indicator_id, period, value, unit
from int_ml__ytd_evolutions
where is_year_end
