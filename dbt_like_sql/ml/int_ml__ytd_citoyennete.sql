-- ML civic service (missions of young people of the territory, awareness actions under the ML's
-- agreement) over every year-to-date period of int_ml__actions_periodes (1 January to a month
-- end): the one computation behind ind_ml__citoyennete (December rows, where each figure is
-- defined) and the monthly dashboard (ind_ml__actions_monthly_ytd). One row per period and figure.
with periods as (
    select month, period_start, period_end from int_ml__actions_periodes
),

-- missions running during the period: started by its end, not ended before its start
missions as (
    select
        periods.month,
        missions.id_jeune,
        missions.agrement_ml,
        missions.date_debut >= periods.period_start as demarree_annee
    from periods
    inner join stg_ml__missions_service_civique as missions
        on missions.date_debut <= periods.period_end
        and (missions.date_fin is null or missions.date_fin >= periods.period_start)
),

actions as (
    select periods.month, actions.theme, actions.id_action
    from periods
    inner join stg_ml__actions_collectives as actions
        on actions.date_action between periods.period_start and periods.period_end
    where actions.theme like 'Service civique - %'
),

-- young people present at an information meeting or an engagement forum
sensibilises as (
    select periods.month, presences.id_participant as id_jeune
    from periods
    inner join int_ml__presences as presences
        on presences.date_action between periods.period_start and periods.period_end
    where presences.est_jeune
        and presences.theme in ('Service civique - Réunion d''information', 'Service civique - Forum de l''engagement')
),

measures as (
    select
        periods.month,
        (select count(distinct m.id_jeune) from missions as m where m.month = periods.month) as en_mission,
        (select count(distinct m.id_jeune) from missions as m
            where m.month = periods.month and m.demarree_annee) as demarres_annee,
        (select count(distinct m.id_jeune) from missions as m
            where m.month = periods.month and m.demarree_annee and m.agrement_ml) as agrement_ml,
        (select count(distinct a.id_action) from actions as a
            where a.month = periods.month and a.theme = 'Service civique - Réunion d''information') as reunions_info,
        (select count(distinct s.id_jeune) from sensibilises as s where s.month = periods.month) as jeunes_sensibilises,
        (select count(distinct a.id_action) from actions as a
            where a.month = periods.month and a.theme = 'Service civique - Forum de l''engagement') as forums,
        (select count(distinct a.id_action) from actions as a
            where a.month = periods.month and a.theme = 'Service civique - Formation civique') as formations_civiques
    from periods
),

figures as (
    select month, 'ml.service_civique.en_mission' as indicator_id, cast(en_mission as double) as value, 'count' as unit from measures
    union all
    select month, 'ml.service_civique.demarres_annee', cast(demarres_annee as double), 'count' from measures
    union all
    select month, 'ml.service_civique.agrement_ml', cast(agrement_ml as double), 'count' from measures
    union all
    select month, 'ml.service_civique.reunions_info', cast(reunions_info as double), 'count' from measures
    union all
    select month, 'ml.service_civique.jeunes_sensibilises', cast(jeunes_sensibilises as double), 'count' from measures
    union all
    select month, 'ml.service_civique.forums', cast(forums as double), 'count' from measures
    union all
    select month, 'ml.service_civique.formations_civiques', cast(formations_civiques as double), 'count' from measures
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
