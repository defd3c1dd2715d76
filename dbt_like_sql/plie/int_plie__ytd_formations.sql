-- PLIE financed trainings over every year-to-date period of int_plie__periodes (1 January to a
-- month end): the one computation behind ind_plie__formations (December rows, where each figure is
-- defined) and the monthly dashboard (ind_plie__monthly_ytd). One row per period and figure.
with periods as (
    select month, period_start, period_end from int_plie__periodes
),

-- conventions starting in the period
conventions as (
    select
        periods.month,
        periods.period_end,
        formations.id_convention,
        formations.organisme,
        formations.id_participant,
        formations.type_formation,
        formations.date_fin,
        formations.resultat,
        row_number() over (
            partition by periods.month, formations.id_participant, formations.type_formation
            order by formations.date_debut desc, formations.id_convention desc
        ) as recency
    from periods
    inner join stg_plie__formations as formations
        on formations.date_debut between periods.period_start and periods.period_end
),

-- a training followed: a distinct (participant, type), its outcome from its latest convention
trainings as (
    select
        month,
        type_formation,
        case
            when date_fin is null or date_fin > period_end or resultat = 'En cours' then 'en_cours'
            when resultat = 'Validée' then 'validee'
            else 'non_validee'
        end as issue
    from conventions
    where recency = 1
),

measures as (
    select
        periods.month,
        count(distinct conventions.id_convention) as conventions,
        count(distinct conventions.organisme) as organismes,
        count(distinct conventions.id_participant) as participants
    from periods
    left join conventions on periods.month = conventions.month
    group by periods.month
),

training_measures as (
    select
        periods.month,
        sum(case when trainings.type_formation = 'Professionnalisante' then 1 else 0 end) as pro,
        sum(case when trainings.type_formation = 'Professionnalisante' and trainings.issue = 'validee' then 1 else 0 end) as pro_validees,
        sum(case when trainings.type_formation = 'Professionnalisante' and trainings.issue = 'en_cours' then 1 else 0 end) as pro_en_cours,
        sum(case when trainings.type_formation = 'Professionnalisante' and trainings.issue = 'non_validee' then 1 else 0 end) as pro_non_validees,
        sum(case when trainings.type_formation = 'Permis de conduire' then 1 else 0 end) as permis,
        sum(case when trainings.type_formation = 'Permis de conduire' and trainings.issue = 'validee' then 1 else 0 end) as permis_obtenus,
        sum(case when trainings.type_formation = 'Permis de conduire' and trainings.issue = 'en_cours' then 1 else 0 end) as permis_en_cours,
        sum(case when trainings.type_formation = 'Permis de conduire' and trainings.issue = 'non_validee' then 1 else 0 end) as permis_non_obtenus
    from periods
    left join trainings on periods.month = trainings.month
    group by periods.month
),

figures as (
    select month, 'plie.formations.conventions' as indicator_id, conventions as n from measures
    union all
    select month, 'plie.formations.organismes', organismes from measures
    union all
    select month, 'plie.formations.participants', participants from measures
    union all
    select month, 'plie.formations.pro.participants', pro from training_measures
    union all
    select month, 'plie.formations.pro.validees', pro_validees from training_measures
    union all
    select month, 'plie.formations.pro.en_cours', pro_en_cours from training_measures
    union all
    select month, 'plie.formations.pro.non_validees', pro_non_validees from training_measures
    union all
    select month, 'plie.formations.permis.participants', permis from training_measures
    union all
    select month, 'plie.formations.permis.obtenus', permis_obtenus from training_measures
    union all
    select month, 'plie.formations.permis.en_cours', permis_en_cours from training_measures
    union all
    select month, 'plie.formations.permis.non_obtenus', permis_non_obtenus from training_measures
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
inner join int_plie__periodes as periods
    on figures.month = periods.month
