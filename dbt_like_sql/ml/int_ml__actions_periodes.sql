-- Year-to-date periods the figures of the ML's own registers (collective actions, individual
-- appointments, schemes, departures, civic service, France Travail orientations, prospection) are
-- computed over: from 1 January of a year to the end of each of its months, for every year from
-- the first to the last dated record of those registers. One row per month (YYYY-MM).
-- The December period of a year is the whole report year: the yearly figures (ind_ml__* of this
-- part) are the December rows of the same computation as the monthly dashboard
-- (ind_ml__actions_monthly_ytd), so each figure has one definition. is_covered: the month has begun
-- by the last dated record.
with dates as (
    select date_action as jour from stg_ml__actions_collectives
    union all
    select date_entretien as jour from stg_ml__entretiens_individuels
    union all
    select date_debut as jour from stg_ml__inscriptions_dispositifs
    union all
    select date_depart as jour from stg_ml__departs_internationaux
    union all
    select date_debut as jour from stg_ml__missions_service_civique
    union all
    select date_orientation as jour from stg_ml__orientations_ft
    union all
    select date_operation as jour from stg_ml__prospection
),

bounds as (
    select
        cast(extract(year from min(jour)) as integer) as first_year,
        cast(extract(year from max(jour)) as integer) as last_year,
        max(jour) as last_day
    from dates
),

months as (
    select
        years.report_year,
        month_numbers.month_number,
        bounds.last_day
    from bounds,
        generate_series(bounds.first_year, bounds.last_year) as years(report_year),
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
        ) - 1 as period_end,
        last_day
    from months
)

select
    report_year,
    month,
    period_start,
    period_end,
    cast(period_start as varchar) || '/' || cast(period_end as varchar) as period,
    month_number = 12 as is_year_end,
    month_start <= last_day as is_covered
from periods
