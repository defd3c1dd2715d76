-- Cyber-base Emploi over every year-to-date period of int_mde__periodes: the one computation
-- behind ind_mde__cyberbase (December rows, where each figure is defined) and the monthly
-- dashboard (ind_mde__monthly_ytd). One row per period and figure.
-- Users are distinct people: a user of both sites counts once in the totals and once at each
-- site. A user's public (Adulte, Jeune), sex and follow-up are those of their latest visit in the
-- period, at any site. Sites: those of ref_mde__sites with a Cyber-base (configuration), named
-- by their id in the figure ids; visits at a site not configured count in the totals only.
with periods as (
    select month, period_start, period_end from int_mde__periodes
),

sites as (
    select site, site_id from ref_mde__sites where cyberbase
),

visits as (
    select
        periods.month,
        visits.id_usager,
        visits.site,
        visits.service,
        visits.id_atelier,
        row_number() over (
            partition by periods.month, visits.id_usager
            order by visits.date_passage desc, visits.id_passage desc
        ) as latest,
        visits.sexe,
        visits.public,
        visits.suivi
    from periods
    inner join stg_mde__cyberbase_visites as visits
        on visits.date_passage between periods.period_start and periods.period_end
),

users as (
    select month, id_usager, sexe, public, suivi
    from visits
    where latest = 1
),

visit_measures as (
    select
        periods.month,
        count(visits.id_usager) as utilisations,
        sum(case when visits.service = 'Rendez-vous individuel' then 1 else 0 end) as rdv_individuels,
        count(distinct case when visits.service = 'Atelier' then visits.site || '/' || visits.id_atelier end) as ateliers,
        count(distinct case when visits.service = 'Atelier' then visits.id_usager end) as ateliers_personnes
    from periods
    left join visits on periods.month = visits.month
    group by periods.month
),

user_measures as (
    select
        periods.month,
        count(users.id_usager) as usagers,
        sum(case when users.public = 'Adulte' then 1 else 0 end) as adultes,
        sum(case when users.public = 'Adulte' and users.suivi = 'PLIE' then 1 else 0 end) as adultes_plie,
        sum(case when users.public = 'Adulte' and users.sexe = 'F' then 1 else 0 end) as adultes_femmes,
        sum(case when users.public = 'Adulte' and users.sexe = 'H' then 1 else 0 end) as adultes_hommes,
        sum(case when users.public = 'Jeune' then 1 else 0 end) as jeunes,
        sum(case when users.public = 'Jeune' and users.suivi = 'Mission Locale' then 1 else 0 end) as jeunes_ml,
        sum(case when users.public = 'Jeune' and users.sexe = 'F' then 1 else 0 end) as jeunes_femmes,
        sum(case when users.public = 'Jeune' and users.sexe = 'H' then 1 else 0 end) as jeunes_hommes
    from periods
    left join users on periods.month = users.month
    group by periods.month
),

-- each site's users (distinct), with the attributes of the user's latest visit anywhere
site_users as (
    select distinct visits.month, visits.site, visits.id_usager
    from visits
),

site_visits as (
    select periods.month, sites.site_id, count(visits.id_usager) as utilisations
    from periods
    cross join sites
    left join visits
        on periods.month = visits.month
        and sites.site = visits.site
    group by periods.month, sites.site_id
),

site_measures as (
    select
        periods.month,
        sites.site_id,
        count(users.id_usager) as usagers,
        sum(case when users.public = 'Adulte' then 1 else 0 end) as adultes,
        sum(case when users.public = 'Adulte' and users.sexe = 'F' then 1 else 0 end) as adultes_femmes,
        sum(case when users.public = 'Adulte' and users.sexe = 'H' then 1 else 0 end) as adultes_hommes,
        sum(case when users.public = 'Jeune' then 1 else 0 end) as jeunes,
        sum(case when users.public = 'Jeune' and users.sexe = 'F' then 1 else 0 end) as jeunes_femmes,
        sum(case when users.public = 'Jeune' and users.sexe = 'H' then 1 else 0 end) as jeunes_hommes
    from periods
    cross join sites
    left join site_users
        on periods.month = site_users.month
        and sites.site = site_users.site
    left join users
        on site_users.month = users.month
        and site_users.id_usager = users.id_usager
    group by periods.month, sites.site_id
),

figures as (
    select month, 'mde.cyberbase.utilisations' as indicator_id, utilisations as n from visit_measures
    union all
    select month, 'mde.cyberbase.rdv_individuels', rdv_individuels from visit_measures
    union all
    select month, 'mde.cyberbase.ateliers', ateliers from visit_measures
    union all
    select month, 'mde.cyberbase.ateliers.personnes', ateliers_personnes from visit_measures
    union all
    select month, 'mde.cyberbase.usagers', usagers from user_measures
    union all
    select month, 'mde.cyberbase.adultes', adultes from user_measures
    union all
    select month, 'mde.cyberbase.adultes.plie', adultes_plie from user_measures
    union all
    select month, 'mde.cyberbase.adultes.femmes', adultes_femmes from user_measures
    union all
    select month, 'mde.cyberbase.adultes.hommes', adultes_hommes from user_measures
    union all
    select month, 'mde.cyberbase.jeunes', jeunes from user_measures
    union all
    select month, 'mde.cyberbase.jeunes.ml', jeunes_ml from user_measures
    union all
    select month, 'mde.cyberbase.jeunes.femmes', jeunes_femmes from user_measures
    union all
    select month, 'mde.cyberbase.jeunes.hommes', jeunes_hommes from user_measures
    union all
    select month, 'mde.cyberbase.' || site_id || '.utilisations', utilisations from site_visits
    union all
    select month, 'mde.cyberbase.' || site_id || '.usagers', usagers from site_measures
    union all
    select month, 'mde.cyberbase.' || site_id || '.adultes', adultes from site_measures
    union all
    select month, 'mde.cyberbase.' || site_id || '.adultes.femmes', adultes_femmes from site_measures
    union all
    select month, 'mde.cyberbase.' || site_id || '.adultes.hommes', adultes_hommes from site_measures
    union all
    select month, 'mde.cyberbase.' || site_id || '.jeunes', jeunes from site_measures
    union all
    select month, 'mde.cyberbase.' || site_id || '.jeunes.femmes', jeunes_femmes from site_measures
    union all
    select month, 'mde.cyberbase.' || site_id || '.jeunes.hommes', jeunes_hommes from site_measures
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
