-- ML orientation actions (vocational-school reform schemes, training obligation, job-discovery
-- workshops, coaching) over every year-to-date period of int_ml__actions_periodes (1 January to a
-- month end): the one computation behind ind_ml__orientation_actions (December rows, where each
-- figure is defined) and the monthly dashboard (ind_ml__actions_monthly_ytd). One row per period
-- and figure; shares in percent, unrounded.
with periods as (
    select report_year, month, period_start, period_end from int_ml__actions_periodes
),

-- enrolments running during the period: started by its end, not ended before its start
enrolments as (
    select
        periods.month,
        periods.report_year,
        dispositifs.id_inscription,
        dispositifs.id_jeune,
        dispositifs.dispositif,
        dispositifs.en_regle_obligation_formation
    from periods
    inner join stg_ml__inscriptions_dispositifs as dispositifs
        on dispositifs.date_debut <= periods.period_end
        and (dispositifs.date_fin is null or dispositifs.date_fin >= periods.period_start)
    where dispositifs.dispositif in ('Parcours Ambition Emploi', 'Tous Droits Ouverts', 'Avenir Pro', 'Obligation de formation')
),

-- training obligation: the young people who are minors on their enrolment's first day within Y,
-- complying when every such enrolment of the period says so
minors as (
    select
        enrolments.month,
        enrolments.id_jeune,
        min(case when enrolments.en_regle_obligation_formation then 1 else 0 end) as en_regle
    from enrolments
    inner join stg_ml__inscriptions_dispositifs_minorite as minorite
        on enrolments.id_inscription = minorite.id_inscription
        and enrolments.report_year = minorite.annee
    where enrolments.dispositif = 'Obligation de formation'
        and minorite.mineur
    group by enrolments.month, enrolments.id_jeune
),

workshops as (
    select periods.month, actions.id_action
    from periods
    inner join stg_ml__actions_collectives as actions
        on actions.date_action between periods.period_start and periods.period_end
    where actions.theme = 'Découverte des métiers'
),

presences as (
    select periods.month, presences.theme, presences.id_participant as id_jeune
    from periods
    inner join int_ml__presences as presences
        on presences.date_action between periods.period_start and periods.period_end
    where presences.est_jeune
        and presences.theme in ('Découverte des métiers', 'Coaching collectif')
),

-- coached: a held individual coaching appointment or presence at a collective coaching action
coached as (
    select month, id_jeune from presences where theme = 'Coaching collectif'
    union
    select periods.month, entretiens.id_jeune
    from periods
    inner join stg_ml__entretiens_individuels as entretiens
        on entretiens.date_entretien between periods.period_start and periods.period_end
    where entretiens.realise
        and entretiens.type_entretien = 'Coaching'
),

measures as (
    select
        periods.month,
        (select count(distinct e.id_jeune) from enrolments as e
            where e.month = periods.month and e.dispositif <> 'Obligation de formation') as lycees_pro,
        (select count(*) from minors as m where m.month = periods.month) as mineurs,
        (select coalesce(sum(m.en_regle), 0) from minors as m where m.month = periods.month) as mineurs_en_regle,
        (select count(distinct p.id_jeune) from presences as p
            where p.month = periods.month and p.theme = 'Découverte des métiers') as ateliers_metiers_jeunes,
        (select count(distinct w.id_action) from workshops as w where w.month = periods.month) as ateliers_metiers,
        (select count(distinct c.id_jeune) from coached as c where c.month = periods.month) as coaching
    from periods
),

figures as (
    select month, 'ml.orientation.lycees_pro' as indicator_id, cast(lycees_pro as double) as value, 'count' as unit from measures
    union all
    select month, 'ml.orientation.obligation_formation.mineurs', cast(mineurs as double), 'count' from measures
    union all
    select month, 'ml.orientation.obligation_formation.conformite_pct', 100.0 * mineurs_en_regle / nullif(mineurs, 0), 'pct' from measures
    union all
    select month, 'ml.orientation.ateliers_metiers.jeunes', cast(ateliers_metiers_jeunes as double), 'count' from measures
    union all
    select month, 'ml.orientation.ateliers_metiers.ateliers', cast(ateliers_metiers as double), 'count' from measures
    union all
    select month, 'ml.coaching.jeunes', cast(coaching as double), 'count' from measures
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
