-- Every domain's figures year to date, month by month (YYYY-MM), for the monthly dashboard: the
-- same ids and definitions as the indicators table, whose yearly figure is a year's December row.
-- One row per month and figure; each domain's ind_<domain>__monthly_ytd model defines its rows.
-- value: an exact DECIMAL(38, 6) in every branch, as in the indicators table.
select month, indicator_id, period, cast(value as decimal(38, 6)) as value, unit, 'plie' as domain from ind_plie__monthly_ytd
union all
select month, indicator_id, period, cast(value as decimal(38, 6)) as value, unit, 'ml' as domain from ind_ml__monthly_ytd
union all
select month, indicator_id, period, cast(value as decimal(38, 6)) as value, unit, 'mde' as domain from ind_mde__monthly_ytd
union all
select month, indicator_id, period, cast(value as decimal(38, 6)) as value, unit, 'communication' as domain from ind_communication__monthly_ytd
union all
select month, indicator_id, period, cast(value as decimal(38, 6)) as value, unit, 'ml' as domain from ind_ml__actions_monthly_ytd
