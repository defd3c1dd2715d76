-- ML international mobility (workshops, individual interviews, forum, departures by programme)
-- over every year-to-date period of int_ml__actions_periodes (1 January to a month end): the one
-- computation behind ind_ml__mobilite_internationale (December rows, where each figure is
-- defined) and the monthly dashboard (ind_ml__actions_monthly_ytd). One row per period and figure.
with periods as (
    select month, period_start, period_end from int_ml__actions_periodes
),

workshops as (
    select periods.month, actions.id_action
    from periods
    inner join stg_ml__actions_collectives as actions
        on actions.date_action between periods.period_start and periods.period_end
    where actions.theme = 'Mobilité internationale - Atelier'
),

forum as (
    select periods.month, presences.id_participant as id_jeune
    from periods
    inner join int_ml__presences as presences
        on presences.date_action between periods.period_start and periods.period_end
    where presences.theme = 'Mobilité internationale - Forum'
        and presences.est_jeune
),

interviews as (
    select periods.month, entretiens.id_jeune
    from periods
    inner join stg_ml__entretiens_individuels as entretiens
        on entretiens.date_entretien between periods.period_start and periods.period_end
    where entretiens.realise
        and entretiens.type_entretien = 'Mobilité internationale'
),

-- departures of the period, the programme as the figure's id suffix
departures as (
    select
        periods.month,
        departs.id_jeune,
        case departs.programme
            when 'Erasmus+' then 'erasmus'
            when 'Échanges de jeunes' then 'echanges_jeunes'
            when 'Service Civique International' then 'sci'
            when 'Corps Européen de Solidarité' then 'ces'
            when 'Volontariat de Solidarité Internationale' then 'vsi'
            when 'Au pair' then 'au_pair'
        end as programme
    from periods
    inner join stg_ml__departs_internationaux as departs
        on departs.date_depart between periods.period_start and periods.period_end
),

programmes as (
    select programme
    from (values ('erasmus'), ('echanges_jeunes'), ('sci'), ('ces'), ('vsi'), ('au_pair')) as programmes(programme)
),

measures as (
    select
        periods.month,
        (select count(distinct w.id_action) from workshops as w where w.month = periods.month) as ateliers,
        (select count(distinct i.id_jeune) from interviews as i where i.month = periods.month) as entretiens,
        (select count(distinct f.id_jeune) from forum as f where f.month = periods.month) as forum,
        (select count(distinct d.id_jeune) from departures as d where d.month = periods.month) as departs
    from periods
),

programme_measures as (
    select
        periods.month,
        programmes.programme,
        count(distinct departures.id_jeune) as departs
    from periods
    cross join programmes
    left join departures
        on periods.month = departures.month
        and programmes.programme = departures.programme
    group by periods.month, programmes.programme
),

figures as (
    select month, 'ml.mobilite_internationale.ateliers' as indicator_id, cast(ateliers as double) as value, 'count' as unit from measures
    union all
    select month, 'ml.mobilite_internationale.entretiens', cast(entretiens as double), 'count' from measures
    union all
    select month, 'ml.mobilite_internationale.forum', cast(forum as double), 'count' from measures
    union all
    select month, 'ml.mobilite_internationale.departs', cast(departs as double), 'count' from measures
    union all
    select month, 'ml.mobilite_internationale.departs.' || programme, cast(departs as double), 'count' from programme_measures
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
