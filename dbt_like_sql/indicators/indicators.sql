-- Every indicator of every report year, one row each: the long table the reports and exports are
-- built from. indicator_id is the figures catalogue's stable id; value is unrounded (percentages
-- in percent); period says which date or period the value describes.
select report_year, indicator_id, period, value, unit, 'territory' as domain from ind_territory__population
union all
select report_year, indicator_id, period, value, unit, 'territory' as domain from ind_territory__private_employment
union all
select report_year, indicator_id, period, value, unit, 'territory' as domain from ind_territory__job_seekers
