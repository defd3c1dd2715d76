-- Mission Locale situations over every year-to-date period of int_ml__periodes (1 January to a
-- month end): the one computation behind ind_ml__situations (December rows, where each figure is
-- defined) and the monthly dashboard (ind_ml__monthly_ytd). One row per period and figure.
-- A situation of the period: started by its end, and no end or an end from its start on (a
-- situation spanning two years counts in both). Young people: distinct, among the situations of
-- the period; their profile (sex, level below the bac, age band 18-21) is read at the start of
-- their first situation of the category in the period (earliest start, then lowest id).
with periods as (
    select month, period_start, period_end from int_ml__periodes
),

active as (
    select
        periods.month,
        situations.*,
        situations.date_debut >= periods.period_start as debutee_periode,
        row_number() over (
            partition by periods.month, situations.categorie, situations.id_jeune
            order by situations.date_debut, situations.id_situation
        ) as rang_jeune
    from periods
    inner join int_ml__situations as situations
        on situations.date_debut <= periods.period_end
        and (situations.date_fin is null or situations.date_fin >= periods.period_start)
),

measures as (
    select
        periods.month,
        -- employment
        sum(case when active.categorie = 'Emploi' then 1 else 0 end) as emploi_situations,
        sum(case when active.categorie = 'Emploi' and active.rang_jeune = 1 then 1 else 0 end) as emploi_jeunes,
        sum(case when active.categorie = 'Emploi' and active.type_contrat = 'CDI' then 1 else 0 end) as emploi_cdi,
        sum(case when active.categorie = 'Emploi' and active.groupe_metier = 'transport_logistique' then 1 else 0 end) as emploi_transport,
        sum(case when active.categorie = 'Emploi' and active.rang_jeune = 1 and active.infra_bac then 1 else 0 end) as emploi_infra_bac,
        sum(case when active.categorie = 'Emploi' and active.rang_jeune = 1 and active.age_18_21 then 1 else 0 end) as emploi_18_21,
        sum(case when active.categorie = 'Emploi' and active.rang_jeune = 1 and active.sexe = 'H' then 1 else 0 end) as emploi_hommes,
        -- work-study
        sum(case when active.categorie = 'Alternance' and active.rang_jeune = 1 then 1 else 0 end) as alternance_jeunes,
        sum(case when active.categorie = 'Alternance' and active.debutee_periode then 1 else 0 end) as alternance_signes,
        sum(case when active.categorie = 'Alternance' and active.debutee_periode and active.groupe_metier = 'commerce_vente' then 1 else 0 end) as alternance_commerce,
        -- training
        sum(case when active.categorie = 'Formation' then 1 else 0 end) as formation_situations,
        sum(case when active.categorie = 'Formation' and active.rang_jeune = 1 then 1 else 0 end) as formation_jeunes,
        sum(case when active.categorie = 'Formation' and active.type_formation = 'Retour en formation initiale' then 1 else 0 end) as formation_retours,
        sum(case when active.categorie = 'Formation' and active.type_formation in ('Qualifiante', 'Pré-qualifiante') then 1 else 0 end) as formation_qualif,
        sum(case when active.categorie = 'Formation' and active.groupe_metier = 'services_personne' then 1 else 0 end) as formation_sap,
        sum(case when active.categorie = 'Formation' and active.rang_jeune = 1 and active.infra_bac then 1 else 0 end) as formation_infra_bac,
        -- immersions (PMSMP conventions signed: started in the period)
        sum(case when active.categorie = 'Immersion professionnelle' and active.debutee_periode then 1 else 0 end) as pmsmp
    from periods
    left join active on periods.month = active.month
    group by periods.month
),

-- (figure, count, base): a figure with a base also gets its share, id suffixed `.part_pct`
counts as (
    select month, 'ml.emploi.situations' as indicator_id, emploi_situations as n, cast(null as bigint) as base from measures
    union all
    select month, 'ml.emploi.jeunes', emploi_jeunes, null from measures
    union all
    select month, 'ml.emploi.cdi', emploi_cdi, null from measures
    union all
    select month, 'ml.emploi.transport_logistique', emploi_transport, emploi_situations from measures
    union all
    select month, 'ml.emploi.infra_bac', emploi_infra_bac, emploi_jeunes from measures
    union all
    select month, 'ml.emploi.age_18_21', emploi_18_21, emploi_jeunes from measures
    union all
    select month, 'ml.emploi.hommes', emploi_hommes, emploi_jeunes from measures
    union all
    select month, 'ml.alternance.jeunes_suivis', alternance_jeunes, null from measures
    union all
    select month, 'ml.alternance.contrats_signes', alternance_signes, null from measures
    union all
    select month, 'ml.alternance.commerce_vente', alternance_commerce, alternance_signes from measures
    union all
    select month, 'ml.formation.situations', formation_situations, null from measures
    union all
    select month, 'ml.formation.jeunes', formation_jeunes, null from measures
    union all
    select month, 'ml.formation.retours_formation_initiale', formation_retours, null from measures
    union all
    select month, 'ml.formation.qualification', formation_qualif, formation_situations from measures
    union all
    select month, 'ml.formation.sap', formation_sap, formation_situations from measures
    union all
    select month, 'ml.formation.infra_bac', formation_infra_bac, formation_jeunes from measures
    union all
    select month, 'ml.orientation.pmsmp_conventions', pmsmp, null from measures
),

figures as (
    select month, indicator_id, n as value, 'count' as unit
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
    cast(figures.value as decimal(38, 6)) as value,
    figures.unit
from figures
inner join int_ml__periodes as periods
    on figures.month = periods.month
