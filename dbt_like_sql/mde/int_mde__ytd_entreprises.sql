-- MDE employer relations over every year-to-date period of int_mde__periodes: the one
-- computation behind ind_mde__entreprises (December rows, where each figure is defined) and the
-- monthly dashboard (ind_mde__monthly_ytd). One row per period and figure.
with periods as (
    select month, period_start, period_end from int_mde__periodes
),

awareness as (
    select periods.month, count(contacts.entreprise) as sensibilisations
    from periods
    left join stg_mde__sensibilisations as contacts
        on contacts.date_contact between periods.period_start and periods.period_end
    group by periods.month
),

work_study as (
    select
        periods.month,
        count(contracts.id_personne) as alternance,
        sum(case when contracts.type_contrat = 'Apprentissage' then 1 else 0 end) as apprentissage
    from periods
    left join stg_mde__alternance as contracts
        on contracts.date_debut between periods.period_start and periods.period_end
    group by periods.month
),

-- PEC followed in the period: started by its end, and not ended before its start
pec as (
    select
        periods.month,
        count(pec.id_personne) as suivis,
        sum(case when pec.date_debut >= periods.period_start then 1 else 0 end) as demarres
    from periods
    left join stg_mde__pec as pec
        on pec.date_debut <= periods.period_end
        and (pec.date_fin is null or pec.date_fin >= periods.period_start)
    group by periods.month
),

temp_work as (
    select
        periods.month,
        count(contracts.id_personne) as contrats,
        count(distinct contracts.id_personne) as personnes
    from periods
    left join stg_mde__interim as contracts
        on contracts.date_debut between periods.period_start and periods.period_end
    group by periods.month
),

recruitment as (
    select
        periods.month,
        coalesce(sum(operations.pmsmp), 0) as pmsmp,
        coalesce(sum(operations.cdd), 0) as cdd
    from periods
    left join stg_mde__recrutements as operations
        on operations.date_debut between periods.period_start and periods.period_end
    group by periods.month
),

figures as (
    select month, 'mde.entreprises.sensibilisations' as indicator_id, sensibilisations as n from awareness
    union all
    select month, 'mde.entreprises.contrats_alternance', alternance from work_study
    union all
    select month, 'mde.entreprises.contrats_apprentissage', apprentissage from work_study
    union all
    select month, 'mde.entreprises.pec', suivis from pec
    union all
    select month, 'mde.entreprises.pec.demarres_annee', demarres from pec
    union all
    select month, 'mde.entreprises.interim.personnes', personnes from temp_work
    union all
    select month, 'mde.entreprises.interim.contrats', contrats from temp_work
    union all
    select month, 'mde.entreprises.recrutement_smyths.pmsmp', pmsmp from recruitment
    union all
    select month, 'mde.entreprises.recrutement_smyths.cdd', cdd from recruitment
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
