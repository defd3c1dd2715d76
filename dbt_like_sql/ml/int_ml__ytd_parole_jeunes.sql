-- ML users' voice and anti-discrimination actions (users' committee, Institut Bertrand Schwartz
-- work, awareness workshops) over every year-to-date period of int_ml__actions_periodes
-- (1 January to a month end): the one computation behind ind_ml__parole_jeunes (December rows,
-- where each figure is defined) and the monthly dashboard (ind_ml__actions_monthly_ytd). One row
-- per period and figure.
with periods as (
    select month, period_start, period_end from int_ml__actions_periodes
),

actions as (
    select periods.month, actions.theme, actions.id_action, actions.en_partenariat
    from periods
    inner join stg_ml__actions_collectives as actions
        on actions.date_action between periods.period_start and periods.period_end
    where actions.theme in ('Comité des usagers', 'Travaux IBS', 'Discriminations')
),

presences as (
    select periods.month, presences.theme, presences.id_participant as id_jeune
    from periods
    inner join int_ml__presences as presences
        on presences.date_action between periods.period_start and periods.period_end
    where presences.est_jeune
        and presences.theme in ('Comité des usagers', 'Travaux IBS', 'Discriminations')
),

measures as (
    select
        periods.month,
        (select count(distinct p.id_jeune) from presences as p
            where p.month = periods.month and p.theme = 'Comité des usagers') as comite_jeunes,
        (select count(distinct a.id_action) from actions as a
            where a.month = periods.month and a.theme = 'Comité des usagers') as comite_rencontres,
        (select count(distinct p.id_jeune) from presences as p
            where p.month = periods.month and p.theme = 'Travaux IBS') as ibs_jeunes,
        (select count(distinct p.id_jeune) from presences as p
            where p.month = periods.month and p.theme = 'Discriminations') as discriminations_jeunes,
        (select count(distinct a.id_action) from actions as a
            where a.month = periods.month and a.theme = 'Discriminations') as discriminations_ateliers,
        (select count(distinct a.id_action) from actions as a
            where a.month = periods.month and a.theme = 'Discriminations' and a.en_partenariat) as discriminations_partenaire
    from periods
),

figures as (
    select month, 'ml.parole_jeunes.comite_usagers.jeunes' as indicator_id, cast(comite_jeunes as double) as value, 'count' as unit from measures
    union all
    select month, 'ml.parole_jeunes.comite_usagers.rencontres', cast(comite_rencontres as double), 'count' from measures
    union all
    select month, 'ml.parole_jeunes.ibs.jeunes', cast(ibs_jeunes as double), 'count' from measures
    union all
    select month, 'ml.discriminations.jeunes', cast(discriminations_jeunes as double), 'count' from measures
    union all
    select month, 'ml.discriminations.ateliers', cast(discriminations_ateliers as double), 'count' from measures
    union all
    select month, 'ml.discriminations.ateliers_partenaire', cast(discriminations_partenaire as double), 'count' from measures
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
