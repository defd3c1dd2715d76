-- Mission Locale public and follow-up over every year-to-date period of int_ml__periodes (1 January
-- to a month end): the one computation behind ind_ml__public (December rows, where each figure is
-- defined) and the monthly dashboard (ind_ml__monthly_ytd). One row per period and figure.
-- Events are pre-aggregated per young person and calendar month, then summed over the months of
-- each period (same year, month up to the period's).
with periods as (
    select report_year, month, month_number, period_start, period_end from int_ml__periodes
),

events_by_month as (
    select
        id_jeune,
        annee,
        mois,
        count(*) as contacts,
        sum(case when est_entretien then 1 else 0 end) as entretiens
    from int_ml__evenements
    group by id_jeune, annee, mois
),

event_measures as (
    select
        periods.month,
        coalesce(sum(events_by_month.contacts), 0) as contacts,
        coalesce(sum(events_by_month.entretiens), 0) as entretiens,
        count(distinct case when events_by_month.entretiens > 0 then events_by_month.id_jeune end) as jeunes_entretien
    from periods
    left join events_by_month
        on events_by_month.annee = periods.report_year
        and events_by_month.mois <= periods.month_number
    group by periods.month
),

registration_measures as (
    select
        periods.month,
        count(dossiers.id_jeune) as nouvelles_inscriptions
    from periods
    left join stg_ml__dossiers as dossiers
        on dossiers.date_premier_accueil between periods.period_start and periods.period_end
    group by periods.month
),

proposals_by_month as (
    select
        cast(extract(year from date_proposition) as integer) as annee,
        cast(extract(month from date_proposition) as integer) as mois,
        count(*) as propositions,
        sum(case when theme = 'Emploi' then 1 else 0 end) as propositions_emploi
    from stg_ml__propositions
    group by 1, 2
),

proposal_measures as (
    select
        periods.month,
        coalesce(sum(proposals_by_month.propositions), 0) as propositions,
        coalesce(sum(proposals_by_month.propositions_emploi), 0) as propositions_emploi
    from periods
    left join proposals_by_month
        on proposals_by_month.annee = periods.report_year
        and proposals_by_month.mois <= periods.month_number
    group by periods.month
),

figures as (
    select month, 'ml.public.nouvelles_inscriptions' as indicator_id, nouvelles_inscriptions as value, 'count' as unit
    from registration_measures
    union all
    select month, 'ml.public.jeunes_entretien', jeunes_entretien, 'count' from event_measures
    union all
    select month, 'ml.public.contacts', contacts, 'count' from event_measures
    union all
    select month, 'ml.public.entretiens', entretiens, 'count' from event_measures
    union all
    select month, 'ml.public.propositions', propositions, 'count' from proposal_measures
    union all
    select month, 'ml.public.propositions.emploi', propositions_emploi, 'count' from proposal_measures
    union all
    select month, 'ml.public.propositions.emploi.part_pct', 100.0 * propositions_emploi / nullif(propositions, 0), 'pct'
    from proposal_measures
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
