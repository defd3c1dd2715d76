-- PLIE exits over every year-to-date period of int_plie__periodes (1 January to a month end): the
-- one computation behind ind_plie__sorties (December rows, where each figure is defined) and the
-- monthly dashboard (ind_plie__monthly_ytd). One row per period and figure; the target comes from
-- ref_plie__objectifs (configuration), communes from ref_territory__communes (configuration).
with periods as (
    select month, period_start, period_end from int_plie__periodes
),

communes as (
    select code_commune from ref_territory__communes where in_territory
),

-- exits dated in the period (rejected exits are not in int_plie__parcours); senior at the exit date
exits as (
    select
        periods.month,
        parcours.id_participant,
        parcours.categorie_sortie,
        parcours.sexe,
        parcours.code_commune,
        parcours.rsa,
        parcours.niveau_cap,
        parcours.senior_a_la_sortie as senior,
        parcours.duree_parcours_mois
    from periods
    inner join int_plie__parcours as parcours
        on parcours.date_sortie between periods.period_start and periods.period_end
),

measures as (
    select
        periods.month,
        count(exits.id_participant) as total,
        sum(case when exits.categorie_sortie = 'positive' then 1 else 0 end) as positives,
        sum(case when exits.categorie_sortie = 'neutre' then 1 else 0 end) as neutres,
        sum(case when exits.categorie_sortie = 'positive' and exits.sexe = 'H' then 1 else 0 end) as positives_hommes,
        sum(case when exits.categorie_sortie = 'positive' and exits.sexe = 'F' then 1 else 0 end) as positives_femmes,
        sum(case when exits.categorie_sortie = 'positive' and exits.niveau_cap then 1 else 0 end) as positives_niveau_cap,
        sum(case when exits.categorie_sortie = 'positive' and exits.rsa then 1 else 0 end) as positives_rsa,
        sum(case when exits.categorie_sortie = 'positive' and exits.senior then 1 else 0 end) as positives_seniors,
        avg(exits.duree_parcours_mois) as duree_moyenne_mois
    from periods
    left join exits on periods.month = exits.month
    group by periods.month
),

commune_positives as (
    select month, code_commune, count(*) as positives
    from exits
    where categorie_sortie = 'positive'
    group by month, code_commune
),

-- (figure, count, base): a figure with a base also gets its share, id suffixed `.part_pct`
counts as (
    select month, 'plie.sorties.total' as indicator_id, total as n, cast(null as bigint) as base from measures
    union all
    select month, 'plie.sorties.positives', positives, null from measures
    union all
    select month, 'plie.sorties.neutres', neutres, null from measures
    union all
    select month, 'plie.sorties.autres', total - positives, null from measures
    union all
    select month, 'plie.sorties.positives.hommes', positives_hommes, positives from measures
    union all
    select month, 'plie.sorties.positives.femmes', positives_femmes, positives from measures
    union all
    select month, 'plie.sorties.positives.niveau_cap', positives_niveau_cap, positives from measures
    union all
    select month, 'plie.sorties.positives.rsa', positives_rsa, positives from measures
    union all
    select month, 'plie.sorties.positives.seniors', positives_seniors, positives from measures
    union all
    select
        periods.month,
        'plie.sorties.positives.commune.' || communes.code_commune,
        coalesce(commune_positives.positives, 0),
        null
    from periods
    cross join communes
    left join commune_positives
        on periods.month = commune_positives.month
        and communes.code_commune = commune_positives.code_commune
),

figures as (
    select month, indicator_id, cast(n as double) as value, 'count' as unit
    from counts
    union all
    select month, indicator_id || '.part_pct' as indicator_id, 100.0 * n / nullif(base, 0) as value, 'pct' as unit
    from counts
    where base is not null
    union all
    select month, 'plie.sorties.positives.taux_pct', 100.0 * positives / nullif(total, 0), 'pct'
    from measures
    union all
    select month, 'plie.sorties.positives.taux_ajuste_pct', 100.0 * positives / nullif(total - neutres, 0), 'pct'
    from measures
    union all
    select month, 'plie.sorties.duree_moyenne_mois', duree_moyenne_mois, 'months'
    from measures
    union all
    select periods.month, 'plie.sorties.positives.objectif_pct', objectifs.valeur, 'pct'
    from periods
    cross join ref_plie__objectifs as objectifs
    where objectifs.objectif = 'taux_sorties_positives'
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
