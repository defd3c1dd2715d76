-- ML schemes and actions of the "dispositifs d'accompagnement" section (FSE+ projects, culture,
-- mentoring, justice-referred youth) over every year-to-date period of int_ml__actions_periodes
-- (1 January to a month end): the one computation behind ind_ml__dispositifs_actions (December
-- rows, where each figure is defined) and the monthly dashboard (ind_ml__actions_monthly_ytd).
-- One row per period and figure. Counts only: who is justice-referred or in the disability
-- project never leaves the warehouse.
with periods as (
    select month, period_start, period_end from int_ml__actions_periodes
),

-- enrolments running during the period, the scheme as the figure's id
enrolments as (
    select
        periods.month,
        dispositifs.id_jeune,
        dispositifs.id_parrain,
        case dispositifs.dispositif
            when 'FSE+ Alternance' then 'ml.fse.alternance'
            when 'FSE+ Numérique' then 'ml.fse.numerique'
            when 'FSE+ Handicap' then 'ml.fse.handicap'
            when 'Parrainage' then 'ml.parrainage.jeunes'
            when 'JSMJ milieu fermé' then 'ml.jsmj.milieu_ferme'
            when 'JSMJ milieu ouvert' then 'ml.jsmj.milieu_ouvert'
        end as indicator_id
    from periods
    inner join stg_ml__inscriptions_dispositifs as dispositifs
        on dispositifs.date_debut <= periods.period_end
        and (dispositifs.date_fin is null or dispositifs.date_fin >= periods.period_start)
),

schemes as (
    select indicator_id
    from (
        values ('ml.fse.alternance'), ('ml.fse.numerique'), ('ml.fse.handicap'), ('ml.parrainage.jeunes'),
            ('ml.jsmj.milieu_ferme'), ('ml.jsmj.milieu_ouvert')
    ) as schemes(indicator_id)
),

scheme_measures as (
    select
        periods.month,
        schemes.indicator_id,
        count(distinct enrolments.id_jeune) as jeunes
    from periods
    cross join schemes
    left join enrolments
        on periods.month = enrolments.month
        and schemes.indicator_id = enrolments.indicator_id
    group by periods.month, schemes.indicator_id
),

culture as (
    select periods.month, actions.id_action
    from periods
    inner join stg_ml__actions_collectives as actions
        on actions.date_action between periods.period_start and periods.period_end
    where actions.theme = 'Culture'
),

culture_presences as (
    select periods.month, presences.id_participant as id_jeune
    from periods
    inner join int_ml__presences as presences
        on presences.date_action between periods.period_start and periods.period_end
    where presences.theme = 'Culture'
        and presences.est_jeune
),

measures as (
    select
        periods.month,
        (select count(distinct e.id_parrain) from enrolments as e
            where e.month = periods.month and e.indicator_id = 'ml.parrainage.jeunes') as parrains,
        (select count(distinct c.id_action) from culture as c where c.month = periods.month) as culture_actions,
        (select count(distinct p.id_jeune) from culture_presences as p where p.month = periods.month) as culture_jeunes
    from periods
),

figures as (
    select month, indicator_id, cast(jeunes as double) as value, 'count' as unit from scheme_measures
    union all
    select month, 'ml.parrainage.parrains', cast(parrains as double), 'count' from measures
    union all
    select month, 'ml.culture.actions', cast(culture_actions as double), 'count' from measures
    union all
    select month, 'ml.culture.jeunes', cast(culture_jeunes as double), 'count' from measures
)

select
    periods.report_year,
    periods.month,
    periods.is_year_end,
    periods.is_covered,
    periods.period,
    figures.indicator_id,
    cast(figures.value as double) as value,
    figures.unit
from figures
inner join int_ml__actions_periodes as periods
    on figures.month = periods.month
