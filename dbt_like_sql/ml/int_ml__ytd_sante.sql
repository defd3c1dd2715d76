-- ML health actions over every year-to-date period of int_ml__actions_periodes (1 January to a
-- month end): the one computation behind ind_ml__sante (December rows, where each figure is
-- defined) and the monthly dashboard (ind_ml__actions_monthly_ytd). One row per period and figure.
with periods as (
    select report_year, month, period_start, period_end from int_ml__actions_periodes
),

-- present attendees of the period's health collective actions (young people and partners)
presences as (
    select
        periods.month,
        presences.theme,
        presences.id_participant,
        presences.est_jeune
    from periods
    inner join int_ml__presences as presences
        on presences.date_action between periods.period_start and periods.period_end
    where presences.theme in ('SEEPH', 'Santé - Nutrition', 'Santé - Activité physique')
),

-- held appointments of the period with the CPAM social delegate, the health check, the psychologist
appointments as (
    select
        periods.month,
        entretiens.type_entretien,
        entretiens.id_entretien,
        entretiens.id_jeune
    from periods
    inner join stg_ml__entretiens_individuels as entretiens
        on entretiens.date_entretien between periods.period_start and periods.period_end
    where entretiens.realise
        and entretiens.type_entretien in ('Déléguée sociale CPAM', 'Bilan de santé', 'Psychologue')
),

presence_measures as (
    select
        periods.month,
        count(distinct case when presences.theme = 'SEEPH' then presences.id_participant end) as seeph,
        count(distinct case when presences.theme = 'Santé - Nutrition' and presences.est_jeune then presences.id_participant end) as nutrition,
        count(distinct case when presences.theme = 'Santé - Activité physique' and presences.est_jeune then presences.id_participant end) as activite_physique
    from periods
    left join presences on periods.month = presences.month
    group by periods.month
),

appointment_measures as (
    select
        periods.month,
        periods.report_year,
        count(distinct case when appointments.type_entretien = 'Déléguée sociale CPAM' then appointments.id_jeune end) as cpam,
        count(distinct case when appointments.type_entretien = 'Bilan de santé' then appointments.id_jeune end) as bilan_sante,
        count(distinct case when appointments.type_entretien = 'Psychologue' then appointments.id_jeune end) as psychologue_jeunes,
        count(distinct case when appointments.type_entretien = 'Psychologue' then appointments.id_entretien end) as psychologue_entretiens
    from periods
    left join appointments on periods.month = appointments.month
    group by periods.month, periods.report_year
),

-- the same period one year earlier (1 January to the same month end of Y-1), for evolutions
previous_year as (
    select
        current_year.month,
        previous.psychologue_entretiens
    from appointment_measures as current_year
    inner join appointment_measures as previous
        on previous.month = cast(current_year.report_year - 1 as varchar) || substr(current_year.month, 5)
),

figures as (
    select month, 'ml.sante.seeph.participants' as indicator_id, cast(seeph as double) as value, 'count' as unit from presence_measures
    union all
    select month, 'ml.sante.nutrition', cast(nutrition as double), 'count' from presence_measures
    union all
    select month, 'ml.sante.activite_physique', cast(activite_physique as double), 'count' from presence_measures
    union all
    select month, 'ml.sante.cpam.jeunes', cast(cpam as double), 'count' from appointment_measures
    union all
    select month, 'ml.sante.bilan_sante', cast(bilan_sante as double), 'count' from appointment_measures
    union all
    select month, 'ml.sante.psychologue.jeunes', cast(psychologue_jeunes as double), 'count' from appointment_measures
    union all
    select month, 'ml.sante.psychologue.entretiens', cast(psychologue_entretiens as double), 'count' from appointment_measures
    union all
    select
        appointment_measures.month,
        'ml.sante.psychologue.entretiens.evol_pct',
        100.0 * appointment_measures.psychologue_entretiens / nullif(previous_year.psychologue_entretiens, 0) - 100.0,
        'pct'
    from appointment_measures
    left join previous_year on appointment_measures.month = previous_year.month
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
