-- SIAE placements over every year-to-date period of int_mde__periodes: the one computation
-- behind ind_mde__siae (December rows, where each figure is defined) and the monthly dashboard
-- (ind_mde__monthly_ytd). One row per period and figure. People are distinct: a person placed
-- twice counts once in the total, and once in each structure type they were placed in.
with periods as (
    select month, period_start, period_end from int_mde__periodes
),

structure_types as (
    select 'ACI' as type_structure, 'aci' as code
    union all
    select 'EI', 'ei'
    union all
    select 'AI', 'ai'
    union all
    select 'ETTI', 'etti'
),

placements as (
    select periods.month, placements.id_personne, placements.type_structure
    from periods
    inner join stg_mde__siae as placements
        on placements.date_placement between periods.period_start and periods.period_end
),

totals as (
    select periods.month, count(distinct placements.id_personne) as n
    from periods
    left join placements on periods.month = placements.month
    group by periods.month
),

by_type as (
    select periods.month, structure_types.code, count(distinct placements.id_personne) as n
    from periods
    cross join structure_types
    left join placements
        on periods.month = placements.month
        and structure_types.type_structure = placements.type_structure
    group by periods.month, structure_types.code
),

figures as (
    select month, 'mde.siae.placements' as indicator_id, n from totals
    union all
    select month, 'mde.siae.placements.' || code, n from by_type
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
