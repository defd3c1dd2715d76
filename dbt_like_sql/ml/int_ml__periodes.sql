-- Year-to-date periods the Mission Locale figures are computed over: from 1 January of a year to
-- the end of each of its months, for every year from the first to the last dated i-milo record
-- (first reception, event, proposal, situation start, programme entry, allowance). One row per
-- month (YYYY-MM); months_in_period: the period's number of months (1 to 12).
-- The December period of a year is the whole report year: the yearly figures (ind_ml__*) are the
-- December rows of the same computation as the monthly dashboard (ind_ml__monthly_ytd), so each
-- figure has one definition. is_covered: the month has begun by the last dated record.
with dates as (
    select date_premier_accueil as jour from stg_ml__dossiers
    union all
    select date_evenement as jour from stg_ml__evenements
    union all
    select date_proposition as jour from stg_ml__propositions
    union all
    select date_debut as jour from stg_ml__situations
    union all
    select date_entree as jour from stg_ml__dispositifs
    union all
    select date_decision as jour from stg_ml__aides
),

bounds as (
    select
        cast(extract(year from min(jour)) as integer) as first_year,
        cast(extract(year from max(jour)) as integer) as last_year,
        max(jour) as last_day
    from dates
)

-- the calendar's periods of the years the records cover (ref_calendar__ytd_periods)
select
    calendar.report_year,
    calendar.month,
    calendar.month_number,
    calendar.months_in_period,
    calendar.period_start,
    calendar.period_end,
    calendar.period,
    calendar.is_year_end,
    calendar.month_start <= bounds.last_day as is_covered
from ref_calendar__ytd_periods as calendar
inner join bounds on calendar.report_year between bounds.first_year and bounds.last_year
