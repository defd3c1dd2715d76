-- Mobility aids over every year-to-date period of int_mde__periodes: the one computation behind
-- ind_mde__mobilite (December rows, where each figure is defined) and the monthly dashboard
-- (ind_mde__monthly_ytd). One row per period and figure. A recipient's commune and QPV are those
-- of their latest aid of the type in the period; residents: communes of ref_territory__communes.
with periods as (
    select month, period_start, period_end from int_mde__periodes
),

communes as (
    select code_commune from ref_territory__communes where in_territory
),

aid_types as (
    select 'Abonnement transport' as type_aide, 'pass' as code
    union all
    select 'Carte carburant', 'carburant'
    union all
    select 'Billet de train', 'train'
),

aids as (
    select
        periods.month,
        aids.type_aide,
        aids.id_personne,
        communes.code_commune is not null as resident,
        aids.qpv,
        row_number() over (
            partition by periods.month, aids.type_aide, aids.id_personne
            order by aids.date_aide desc, aids.source_file desc, aids.source_line desc
        ) as latest
    from periods
    inner join stg_mde__mobilite as aids
        on aids.date_aide between periods.period_start and periods.period_end
    left join communes on aids.code_commune = communes.code_commune
),

measures as (
    select
        periods.month,
        aid_types.code,
        count(aids.id_personne) as aides,
        count(distinct aids.id_personne) as personnes,
        sum(case when aids.latest = 1 and aids.resident then 1 else 0 end) as personnes_mno,
        sum(case when aids.latest = 1 and aids.qpv then 1 else 0 end) as personnes_qpv
    from periods
    cross join aid_types
    left join aids
        on periods.month = aids.month
        and aid_types.type_aide = aids.type_aide
    group by periods.month, aid_types.code
),

bus as (
    select
        periods.month,
        count(trips.destination) as deplacements,
        coalesce(sum(trips.participants), 0) as personnes
    from periods
    left join stg_mde__mobilite_bus as trips
        on trips.date_deplacement between periods.period_start and periods.period_end
    group by periods.month
),

figures as (
    select month, 'mde.mobilite.pass_rechargements' as indicator_id, aides as n from measures where code = 'pass'
    union all
    select month, 'mde.mobilite.pass_personnes', personnes from measures where code = 'pass'
    union all
    select month, 'mde.mobilite.pass_personnes.mno', personnes_mno from measures where code = 'pass'
    union all
    select month, 'mde.mobilite.pass_personnes.qpv', personnes_qpv from measures where code = 'pass'
    union all
    select month, 'mde.mobilite.cartes_carburant', aides from measures where code = 'carburant'
    union all
    select month, 'mde.mobilite.cartes_carburant.personnes', personnes from measures where code = 'carburant'
    union all
    select month, 'mde.mobilite.cartes_carburant.personnes_mno', personnes_mno from measures where code = 'carburant'
    union all
    select month, 'mde.mobilite.train.personnes', personnes from measures where code = 'train'
    union all
    select month, 'mde.mobilite.train.personnes_mno', personnes_mno from measures where code = 'train'
    union all
    select month, 'mde.mobilite.bus.deplacements', deplacements from bus
    union all
    select month, 'mde.mobilite.bus.personnes', personnes from bus
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
