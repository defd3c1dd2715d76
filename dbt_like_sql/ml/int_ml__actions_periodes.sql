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
)

-- the calendar's periods of the years the records cover (ref_calendar__ytd_periods)
select
    calendar.report_year,
    calendar.month,
    calendar.period_start,
    calendar.period_end,
    calendar.period,
    calendar.is_year_end,
    calendar.month_start <= bounds.last_day as is_covered
from ref_calendar__ytd_periods as calendar
inner join bounds on calendar.report_year between bounds.first_year and bounds.last_year
