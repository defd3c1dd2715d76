-- PLIE parcours steps over every year-to-date period of int_plie__periodes (1 January to a month
-- end): the one computation behind ind_plie__etapes (December rows, where each figure is defined)
-- and the monthly dashboard (ind_plie__monthly_ytd). One row per period and figure.
with periods as (
    select month, period_start, period_end from int_plie__periodes
),

-- steps of the period: started by its end, and not ended before its start (no end: running)
steps as (
    select
        periods.month,
        etapes.id_etape,
        etapes.id_participant,
        etapes.type_etape,
        etapes.formation_qualifiante,
        etapes.date_debut >= periods.period_start as demarree_annee
    from periods
    inner join stg_plie__etapes as etapes
        on etapes.date_debut <= periods.period_end
        and (etapes.date_fin is null or etapes.date_fin >= periods.period_start)
),

measures as (
    select
        periods.month,
        count(steps.id_etape) as total,
        count(distinct steps.id_participant) as participants,
        sum(case when steps.demarree_annee then 1 else 0 end) as demarrees_annee,
        sum(case when steps.type_etape = 'Emploi' then 1 else 0 end) as emploi,
        sum(case when steps.type_etape = 'Emploi' and steps.demarree_annee then 1 else 0 end) as emploi_demarrees_annee,
        sum(case when steps.type_etape = 'Formation' then 1 else 0 end) as formation,
        sum(case when steps.type_etape = 'Formation' and steps.formation_qualifiante then 1 else 0 end) as formation_qualifiante
    from periods
    left join steps on periods.month = steps.month
    group by periods.month
),

-- (figure, count, base): a figure with a base also gets its share, id suffixed `.part_pct`
counts as (
    select month, 'plie.etapes.total' as indicator_id, total as n, cast(null as bigint) as base from measures
    union all
    select month, 'plie.etapes.participants', participants, null from measures
    union all
    select month, 'plie.etapes.demarrees_annee', demarrees_annee, total from measures
    union all
    select month, 'plie.etapes.emploi', emploi, total from measures
    union all
    select month, 'plie.etapes.emploi.demarrees_annee', emploi_demarrees_annee, emploi from measures
    union all
    select month, 'plie.etapes.formation', formation, total from measures
    union all
    select month, 'plie.etapes.formation.qualifiante', formation_qualifiante, formation from measures
),

figures as (
    select month, indicator_id, cast(n as double) as value, 'count' as unit
    from counts
    union all
    select month, indicator_id || '.part_pct' as indicator_id, 100.0 * n / nullif(base, 0) as value, 'pct' as unit
    from counts
    where base is not null
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
