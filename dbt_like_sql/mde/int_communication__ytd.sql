-- Communication over every year-to-date period of int_mde__periodes: the one computation behind
-- ind_communication__statistiques (December rows, where each figure is defined) and the monthly
-- dashboard (ind_communication__monthly_ytd). One row per period and figure.
-- Website: visits and pages viewed, summed over the days of the period. Each social network, by
-- its rank in ref_communication__reseaux (configuration: communication.reseau_<rank>.*):
-- followers at the end of the period's latest month with statistics (abonnes), followers gained
-- over the period (abonnes.gain, net), views and impressions summed over its months (only for a
-- network that reports them). Reception sites: the sites of ref_mde__sites (configuration).
with periods as (
    select month, period_start, period_end from int_mde__periodes
),

website as (
    select
        periods.month,
        coalesce(sum(days.visites), 0) as visites,
        coalesce(sum(days.pages_vues), 0) as pages_vues
    from periods
    left join stg_communication__site as days
        on days.jour between periods.period_start and periods.period_end
    group by periods.month
),

network_months as (
    select
        periods.month,
        networks.rang,
        stats.abonnes,
        stats.nouveaux_abonnes,
        stats.vues,
        stats.impressions,
        row_number() over (partition by periods.month, networks.rang order by stats.mois desc) as latest
    from periods
    inner join stg_communication__reseaux as stats
        on stats.mois between periods.period_start and periods.period_end
    inner join ref_communication__reseaux as networks
        on stats.reseau = networks.reseau
),

network_measures as (
    select
        month,
        rang,
        sum(case when latest = 1 then abonnes end) as abonnes,
        sum(nouveaux_abonnes) as gain,
        sum(vues) as vues,
        count(vues) as months_with_views,
        sum(impressions) as impressions,
        count(impressions) as months_with_impressions
    from network_months
    group by month, rang
),

sites as (
    select periods.month, count(ref_mde__sites.site) as lieux
    from periods
    cross join ref_mde__sites
    group by periods.month
),

figures as (
    select month, 'communication.site.visites' as indicator_id, visites as n from website
    union all
    select month, 'communication.site.pages_vues', pages_vues from website
    union all
    select month, 'communication.reseau_' || cast(rang as varchar) || '.abonnes', abonnes from network_measures
    union all
    select month, 'communication.reseau_' || cast(rang as varchar) || '.abonnes.gain', gain from network_measures
    union all
    select month, 'communication.reseau_' || cast(rang as varchar) || '.vues', vues
    from network_measures
    where months_with_views > 0
    union all
    select month, 'communication.reseau_' || cast(rang as varchar) || '.impressions', impressions
    from network_measures
    where months_with_impressions > 0
    union all
    select month, 'communication.lieux_accueil', lieux from sites
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
