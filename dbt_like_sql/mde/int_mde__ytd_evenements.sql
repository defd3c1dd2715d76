-- MDE employment events over every year-to-date period of int_mde__periodes (1 January to a month
-- end): the one computation behind ind_mde__evenements (December rows, where each figure is
-- defined) and the monthly dashboard (ind_mde__monthly_ytd). One row per period and figure.
with periods as (
    select month, period_start, period_end from int_mde__periodes
),

-- the contract's event types (schemas/mde.py EVENT_TYPES) and their part of the figure ids
event_types as (
    select 'Salon' as type_evenement, 'salon' as code
    union all
    select 'Job Dating', 'job_dating'
    union all
    select 'Décroche ton Job', 'decroche_ton_job'
    union all
    select 'Rendez-vous des Possibles', 'rendez_vous_des_possibles'
    union all
    select 'Autre', 'autre'
),

organised as (
    select
        periods.month,
        events.evenement,
        events.type_evenement,
        events.exposants,
        events.participants,
        events.entretiens
    from periods
    inner join stg_mde__evenements as events
        on events.date_evenement between periods.period_start and periods.period_end
),

attended as (
    select periods.month, external.evenement
    from periods
    inner join stg_mde__evenements_externes as external
        on external.date_evenement between periods.period_start and periods.period_end
),

measures as (
    select
        periods.month,
        count(organised.evenement) as organises,
        coalesce(sum(organised.exposants), 0) as exposants,
        coalesce(sum(organised.participants), 0) as participants,
        coalesce(sum(organised.entretiens), 0) as entretiens,
        coalesce(sum(case when organised.type_evenement = 'Salon' then organised.exposants end), 0) as salon_exposants,
        coalesce(sum(case when organised.type_evenement = 'Salon' then organised.participants end), 0) as salon_participants
    from periods
    left join organised on periods.month = organised.month
    group by periods.month
),

type_measures as (
    select
        periods.month,
        event_types.code,
        count(organised.evenement) as organises,
        coalesce(sum(organised.exposants), 0) as exposants,
        coalesce(sum(organised.participants), 0) as participants
    from periods
    cross join event_types
    left join organised
        on periods.month = organised.month
        and event_types.type_evenement = organised.type_evenement
    group by periods.month, event_types.code
),

attended_measures as (
    select periods.month, count(attended.evenement) as participations_externes
    from periods
    left join attended on periods.month = attended.month
    group by periods.month
),

figures as (
    select month, 'mde.evenements.organises' as indicator_id, organises as n from measures
    union all
    select month, 'mde.evenements.exposants', exposants from measures
    union all
    select month, 'mde.evenements.participants', participants from measures
    union all
    select month, 'mde.evenements.entretiens', entretiens from measures
    union all
    select month, 'mde.evenements.salon_cles_emploi.exposants', salon_exposants from measures
    union all
    select month, 'mde.evenements.salon_cles_emploi.participants', salon_participants from measures
    union all
    select month, 'mde.evenements.participations_externes', participations_externes from attended_measures
    union all
    select month, 'mde.evenements.type.' || code || '.organises', organises from type_measures
    union all
    select month, 'mde.evenements.type.' || code || '.exposants', exposants from type_measures
    union all
    select month, 'mde.evenements.type.' || code || '.participants', participants from type_measures
)

select
    periods.report_year,
    periods.month,
    periods.is_year_end,
    periods.is_covered,
    periods.period,
    figures.indicator_id,
    cast(figures.n as double) as value,
    'count' as unit
from figures
inner join int_mde__periodes as periods
    on figures.month = periods.month
