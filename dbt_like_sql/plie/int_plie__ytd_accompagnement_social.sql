-- PLIE social support over every year-to-date period of int_plie__periodes (1 January to a month
-- end): the one computation behind ind_plie__accompagnement_social (December rows, where each
-- figure is defined) and the monthly dashboard (ind_plie__monthly_ytd). One row per period and
-- figure.
with periods as (
    select month, period_start, period_end from int_plie__periodes
),

-- actions dated in the period, one row per attendee
actions as (
    select
        periods.month,
        social.id_action,
        social.id_participant,
        social.type_action,
        social.heures
    from periods
    inner join stg_plie__accompagnement_social as social
        on social.date_action between periods.period_start and periods.period_end
),

measures as (
    select
        periods.month,
        count(distinct actions.id_participant) as participants,
        coalesce(sum(actions.heures), 0) as heures,
        count(distinct case when actions.type_action = 'Collectif' then actions.id_action end) as actions_collectives
    from periods
    left join actions on periods.month = actions.month
    group by periods.month
),

figures as (
    select month, 'plie.accompagnement_social.participants' as indicator_id, cast(participants as double) as value, 'count' as unit
    from measures
    union all
    select month, 'plie.accompagnement_social.heures', cast(heures as double), 'hours'
    from measures
    union all
    select month, 'plie.accompagnement_social.actions_collectives', cast(actions_collectives as double), 'count'
    from measures
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
inner join int_plie__periodes as periods
    on figures.month = periods.month
