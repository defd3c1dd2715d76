-- The calendar of year-to-date periods: from 1 January of a year to the end of each of its months,
-- one row per month (YYYY-MM) of the years 2000 to 2099. Each domain's periods model
-- (int_plie__periodes, int_ml__periodes, int_ml__actions_periodes, int_mde__periodes) keeps the
-- years its records cover and says which months have begun. The December period of a year is the
-- whole year (is_year_end); months_in_period: the period's number of months (1 to 12); period:
-- the ISO interval written in the indicators (2025-01-01/2025-12-31).
with months as (
    select
        years.report_year,
        month_numbers.month_number
    from generate_series(2000, 2099) as years(report_year),
        (values (1), (2), (3), (4), (5), (6), (7), (8), (9), (10), (11), (12)) as month_numbers(month_number)
),

periods as (
    select
        report_year,
        month_number,
        cast(report_year as varchar) || '-' || lpad(cast(month_number as varchar), 2, '0') as month,
        cast(cast(report_year as varchar) || '-01-01' as date) as period_start,
        cast(cast(report_year as varchar) || '-' || lpad(cast(month_number as varchar), 2, '0') || '-01' as date) as month_start,
        cast(
            case
                when month_number = 12 then cast(report_year + 1 as varchar) || '-01-01'
                else cast(report_year as varchar) || '-' || lpad(cast(month_number + 1 as varchar), 2, '0') || '-01'
            end as date
        ) - 1 as period_end
    from months
)

select
    report_year,
    month_number,
    month_number as months_in_period,
    month,
    period_start,
    month_start,
    period_end,
    cast(period_start as varchar) || '/' || cast(period_end as varchar) as period,
    month_number = 12 as is_year_end
from periods
