-- Year-to-date periods the MDE and communication figures are computed over: from 1 January of a
-- year to the end of each of its months, for every year from the first to the last dated record
-- of the MDE's registers, Cyber-base log and statistics. One row per month (YYYY-MM).
-- The December period of a year is the whole report year: the yearly figures (ind_mde__*,
-- ind_communication__*) are the December rows of the same computation as the monthly dashboard
-- (ind_mde__monthly_ytd, ind_communication__monthly_ytd). is_covered: the month has begun by the
-- last dated record.
with dates as (
    select date_evenement as jour from stg_mde__evenements
    union all
    select date_evenement from stg_mde__evenements_externes
    union all
    select date_action from stg_mde__creation_actions
    union all
    select date_accueil from stg_mde__creation_porteurs
    union all
    select date_orientation from stg_mde__creation_orientations
    union all
    select date_creation from stg_mde__creation_entreprises
    union all
    select date_contact from stg_mde__sensibilisations
    union all
    select date_debut from stg_mde__alternance
    union all
    select date_debut from stg_mde__pec
    union all
    select date_debut from stg_mde__interim
    union all
    select date_debut from stg_mde__recrutements
    union all
    select mois from stg_mde__clauses_heures
    union all
    select date_accompagnement from stg_mde__clauses_entreprises
    union all
    select date_aide from stg_mde__mobilite
    union all
    select date_deplacement from stg_mde__mobilite_bus
    union all
    select date_placement from stg_mde__siae
    union all
    select date_passage from stg_mde__cyberbase_visites
    union all
    select jour from stg_communication__site
    union all
    select mois from stg_communication__reseaux
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
