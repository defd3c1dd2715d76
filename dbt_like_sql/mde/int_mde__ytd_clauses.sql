-- Insertion clauses over every year-to-date period of int_mde__periodes: the one computation
-- behind ind_mde__clauses (December rows, where each figure is defined) and the monthly dashboard
-- (ind_mde__monthly_ytd). One row per period and figure. A person is a resident of the territory
-- when the commune on their hours row is one of ref_territory__communes (configuration); the
-- full-time equivalent divides hours by clause_fte_hours of ref_mde__parametres (configuration).
-- Hours of an operation missing from the operations register are listed in
-- qa_mde__clause_hours_unknown_operation and left out.
with periods as (
    select month, period_start, period_end from int_mde__periodes
),

communes as (
    select code_commune from ref_territory__communes where in_territory
),

fte as (
    select valeur as hours_per_fte from ref_mde__parametres where parametre = 'clause_fte_hours'
),

-- operations running in the period: started by its end, not ended before its start
operations as (
    select periods.month, operations.sur_le_territoire
    from periods
    inner join stg_mde__clauses_operations as operations
        on operations.date_debut <= periods.period_end
        and (operations.date_fin is null or operations.date_fin >= periods.period_start)
),

worked as (
    select
        periods.month,
        hours.id_personne,
        hours.heures,
        operations.sur_le_territoire as operation_mno,
        communes.code_commune is not null as resident
    from periods
    inner join stg_mde__clauses_heures as hours
        on hours.mois between periods.period_start and periods.period_end
    inner join stg_mde__clauses_operations as operations
        on hours.id_operation = operations.id_operation
    left join communes on hours.code_commune = communes.code_commune
),

operation_measures as (
    select
        periods.month,
        sum(case when operations.sur_le_territoire then 1 else 0 end) as operations_mno,
        sum(case when not operations.sur_le_territoire then 1 else 0 end) as operations_hors_mno
    from periods
    left join operations on periods.month = operations.month
    group by periods.month
),

hour_measures as (
    select
        periods.month,
        coalesce(sum(case when worked.resident then worked.heures end), 0) as heures_habitants,
        count(distinct case when worked.resident then worked.id_personne end) as habitants,
        coalesce(sum(case when worked.resident and worked.operation_mno then worked.heures end), 0) as heures_habitants_mno,
        coalesce(sum(case when worked.resident and not worked.operation_mno then worked.heures end), 0) as heures_habitants_hors,
        coalesce(sum(case when worked.operation_mno then worked.heures end), 0) as heures_chantiers_mno,
        count(distinct case when worked.operation_mno and worked.resident then worked.id_personne end) as chantiers_habitants,
        coalesce(sum(case when worked.operation_mno and not worked.resident then worked.heures end), 0) as chantiers_heures_hors,
        count(distinct case when worked.operation_mno and not worked.resident then worked.id_personne end) as chantiers_non_residents
    from periods
    left join worked on periods.month = worked.month
    group by periods.month
),

company_measures as (
    select periods.month, count(distinct companies.siret) as entreprises
    from periods
    left join stg_mde__clauses_entreprises as companies
        on companies.date_accompagnement between periods.period_start and periods.period_end
    group by periods.month
),

figures as (
    select month, 'mde.clauses.operations_mno' as indicator_id, cast(operations_mno as double) as value, 'count' as unit
    from operation_measures
    union all
    select month, 'mde.clauses.operations_hors_mno', cast(operations_hors_mno as double), 'count' from operation_measures
    union all
    select month, 'mde.clauses.heures_habitants_mno', cast(heures_habitants as double), 'hours' from hour_measures
    union all
    select month, 'mde.clauses.habitants_mno', cast(habitants as double), 'count' from hour_measures
    union all
    select hour_measures.month, 'mde.clauses.etp', cast(hour_measures.heures_habitants as double) / fte.hours_per_fte, 'fte'
    from hour_measures
    cross join fte
    union all
    select month, 'mde.clauses.heures_habitants_mno.operations_mno', cast(heures_habitants_mno as double), 'hours'
    from hour_measures
    union all
    select month, 'mde.clauses.heures_habitants_mno.operations_hors_mno', cast(heures_habitants_hors as double), 'hours'
    from hour_measures
    union all
    select month, 'mde.clauses.heures_chantiers_mno', cast(heures_chantiers_mno as double), 'hours' from hour_measures
    union all
    select month, 'mde.clauses.chantiers_mno.habitants_mno', cast(chantiers_habitants as double), 'count' from hour_measures
    union all
    select month, 'mde.clauses.chantiers_mno.heures_hors_mno', cast(chantiers_heures_hors as double), 'hours'
    from hour_measures
    union all
    select month, 'mde.clauses.chantiers_mno.habitants_hors_mno', cast(chantiers_non_residents as double), 'count'
    from hour_measures
    union all
    select month, 'mde.clauses.entreprises', cast(entreprises as double), 'count' from company_measures
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
inner join int_mde__periodes as periods
    on figures.month = periods.month
