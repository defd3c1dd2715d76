-- Mission Locale programmes (CEJ, PACEA, reinforced follow-up of disabled young people) over every
-- year-to-date period of int_ml__periodes (1 January to a month end): the one computation behind
-- ind_ml__dispositifs (December rows, where each figure is defined) and the monthly dashboard
-- (ind_ml__monthly_ytd). One row per period and figure.
-- In a programme during the period: entered by its end, and no exit or an exit from its start on
-- (a CEJ entered in one year and left in the next counts in both). Entered in the period: entry
-- date in it. Young people are distinct (a re-entry counts once).
with periods as (
    select month, months_in_period, period_start, period_end from int_ml__periodes
),

programmes as (
    select
        periods.month,
        dispositifs.id_jeune,
        dispositifs.dispositif,
        dispositifs.date_entree between periods.period_start and periods.period_end as entree_periode,
        coalesce(dossiers.qpv, false) as qpv
    from periods
    inner join stg_ml__dispositifs as dispositifs
        on dispositifs.date_entree <= periods.period_end
        and (dispositifs.date_sortie is null or dispositifs.date_sortie >= periods.period_start)
    left join stg_ml__dossiers as dossiers
        on dispositifs.id_jeune = dossiers.id_jeune
),

programme_measures as (
    select
        periods.month,
        count(distinct case when programmes.dispositif = 'CEJ' then programmes.id_jeune end) as cej_jeunes,
        count(distinct case when programmes.dispositif = 'CEJ' and programmes.entree_periode then programmes.id_jeune end) as cej_entrees,
        count(distinct case when programmes.dispositif = 'CEJ' and programmes.entree_periode and programmes.qpv then programmes.id_jeune end) as cej_entrees_qpv,
        count(distinct case when programmes.dispositif = 'PACEA' and programmes.entree_periode then programmes.id_jeune end) as pacea_entrees,
        count(distinct case when programmes.dispositif = 'Suivi renforcé TH' then programmes.id_jeune end) as th_jeunes
    from periods
    left join programmes on periods.month = programmes.month
    group by periods.month
),

-- CEJ contacts: events of the period dated while the young person was in a CEJ; CEJ workshops:
-- distinct workshop sessions of the period with at least one attendee in a CEJ that day
cej_events as (
    select annee, mois, id_evenement, type_evenement, id_session
    from int_ml__evenements
    where en_cej
),

event_measures as (
    select
        periods.month,
        count(cej_events.id_evenement) as cej_contacts,
        count(distinct case when cej_events.type_evenement = 'Atelier collectif' then cej_events.id_session end) as cej_ateliers
    from int_ml__periodes as periods
    left join cej_events
        on cej_events.annee = periods.report_year
        and cej_events.mois <= periods.month_number
    group by periods.month
),

-- professional measures of CEJ young people: professional solutions started in the period while in
-- a CEJ (int_ml__situations.mesure_cej)
measure_measures as (
    select
        periods.month,
        count(situations.id_situation) as cej_mesures,
        count(distinct situations.id_jeune) as cej_jeunes_mesures
    from periods
    left join int_ml__situations as situations
        on situations.mesure_cej
        and situations.date_debut between periods.period_start and periods.period_end
    group by periods.month
),

measures as (
    select
        programme_measures.*,
        event_measures.cej_contacts,
        event_measures.cej_ateliers,
        measure_measures.cej_mesures,
        measure_measures.cej_jeunes_mesures,
        periods.months_in_period
    from programme_measures
    inner join event_measures on programme_measures.month = event_measures.month
    inner join measure_measures on programme_measures.month = measure_measures.month
    inner join periods on programme_measures.month = periods.month
),

figures as (
    select month, 'ml.cej.jeunes' as indicator_id, cej_jeunes as value, 'count' as unit from measures
    union all
    select month, 'ml.cej.contacts', cej_contacts, 'count' from measures
    union all
    select month, 'ml.cej.contacts_par_jeune', 1.0 * cej_contacts / nullif(cej_jeunes, 0), 'ratio' from measures
    union all
    select month, 'ml.cej.jeunes_mesures', cej_jeunes_mesures, 'count' from measures
    union all
    select month, 'ml.cej.mesures', cej_mesures, 'count' from measures
    union all
    select month, 'ml.cej.solution_pro.part_pct', 100.0 * cej_jeunes_mesures / nullif(cej_jeunes, 0), 'pct' from measures
    union all
    select month, 'ml.cej.entrees_annee', cej_entrees, 'count' from measures
    union all
    select month, 'ml.cej.entrees_annee.qpv', cej_entrees_qpv, 'count' from measures
    union all
    select month, 'ml.cej.ateliers', cej_ateliers, 'count' from measures
    union all
    select month, 'ml.cej.ateliers_par_mois', 1.0 * cej_ateliers / months_in_period, 'ratio' from measures
    union all
    select month, 'ml.pacea.entrees', pacea_entrees, 'count' from measures
    union all
    select month, 'ml.sante.th_suivi_renforce', th_jeunes, 'count' from measures
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
