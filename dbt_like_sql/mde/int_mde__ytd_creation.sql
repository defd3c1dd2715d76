-- business-creation (business creation) over every year-to-date period of int_mde__periodes: the one
-- computation behind ind_mde__creation (December rows, where each figure is defined) and the
-- monthly dashboard (ind_mde__monthly_ytd). One row per period and figure. A project holder's sex
-- and commune are those of their latest reception in the period; communes served from
-- ref_territory__communes (configuration).
with periods as (
    select month, period_start, period_end from int_mde__periodes
),

communes as (
    select code_commune from ref_territory__communes where in_territory
),

actions as (
    select periods.month, actions.type_action, actions.participants
    from periods
    inner join stg_mde__creation_actions as actions
        on actions.date_action between periods.period_start and periods.period_end
),

receptions as (
    select
        periods.month,
        holders.id_porteur,
        holders.sexe,
        holders.code_commune,
        row_number() over (
            partition by periods.month, holders.id_porteur
            order by holders.date_accueil desc, holders.source_file desc, holders.source_line desc
        ) as latest
    from periods
    inner join stg_mde__creation_porteurs as holders
        on holders.date_accueil between periods.period_start and periods.period_end
),

holders as (
    select
        receptions.month,
        receptions.id_porteur,
        receptions.sexe,
        communes.code_commune is not null as resident
    from receptions
    left join communes on receptions.code_commune = communes.code_commune
    where receptions.latest = 1
),

action_measures as (
    select
        periods.month,
        coalesce(sum(actions.participants), 0) as participants,
        sum(case when actions.type_action = 'Atelier collectif' then 1 else 0 end) as ateliers,
        coalesce(sum(case when actions.type_action = 'Atelier collectif' then actions.participants end), 0) as ateliers_participants,
        coalesce(sum(case when actions.type_action = 'Village de la Création' then actions.participants end), 0) as village,
        coalesce(sum(case when actions.type_action = 'Concours de créateurs' then actions.participants end), 0) as talents_crea
    from periods
    left join actions on periods.month = actions.month
    group by periods.month
),

holder_measures as (
    select
        periods.month,
        count(holders.id_porteur) as porteurs,
        sum(case when holders.resident then 1 else 0 end) as porteurs_mno,
        sum(case when holders.sexe = 'F' then 1 else 0 end) as femmes,
        sum(case when holders.sexe = 'H' then 1 else 0 end) as hommes
    from periods
    left join holders on periods.month = holders.month
    group by periods.month
),

orientation_measures as (
    select periods.month, count(orientations.id_porteur) as orientations
    from periods
    left join stg_mde__creation_orientations as orientations
        on orientations.date_orientation between periods.period_start and periods.period_end
    group by periods.month
),

creation_measures as (
    select periods.month, count(distinct created.id_porteur) as entreprises_creees
    from periods
    left join stg_mde__creation_entreprises as created
        on created.date_creation between periods.period_start and periods.period_end
    group by periods.month
),

figures as (
    -- participants in business-creation actions: attendances at workshops and events, plus the holders received
    select action_measures.month, 'mde.creation.participants' as indicator_id,
        action_measures.participants + holder_measures.porteurs as n
    from action_measures
    inner join holder_measures on action_measures.month = holder_measures.month
    union all
    select month, 'mde.creation.ateliers', ateliers from action_measures
    union all
    select month, 'mde.creation.ateliers.participants', ateliers_participants from action_measures
    union all
    select month, 'mde.creation.village.participants', village from action_measures
    union all
    select month, 'mde.creation.talents_crea', talents_crea from action_measures
    union all
    select month, 'mde.creation.orientations', orientations from orientation_measures
    union all
    select month, 'mde.creation.porteurs', porteurs from holder_measures
    union all
    select month, 'mde.creation.porteurs.mno', porteurs_mno from holder_measures
    union all
    select month, 'mde.creation.porteurs.femmes', femmes from holder_measures
    union all
    select month, 'mde.creation.porteurs.hommes', hommes from holder_measures
    union all
    select month, 'mde.creation.entreprises_creees', entreprises_creees from creation_measures
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
