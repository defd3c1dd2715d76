-- Territory key figures: job seekers (DEFM) in the communes served at 30 September of the report
-- year: categories A B C together and A alone, and among A B C those registered 12 months or more,
-- under 25, 50 and over, and women; each with its share (%) of A B C and its evolution (%) since
-- 30 September of the previous year (raw data, not seasonally adjusted).
with territory as (
    select code_commune from ref_territory__communes where in_territory
),

september as (
    select
        cast(extract(year from defm.date_fin_mois) as integer) as annee,
        defm.categorie,
        defm.sexe,
        defm.tranche_d_age,
        defm.anciennete,
        defm.demandeurs
    from stg_france_travail__defm as defm
    inner join territory on defm.code_commune = territory.code_commune
    where extract(month from defm.date_fin_mois) = 9
),

measures as (
    select
        annee,
        sum(demandeurs) as abc,
        sum(case when categorie = 'A' then demandeurs else 0 end) as a,
        sum(case when anciennete = 'Un an ou plus' then demandeurs else 0 end) as anciennete_12m,
        sum(case when tranche_d_age = 'Moins de 25 ans' then demandeurs else 0 end) as moins_25,
        sum(case when tranche_d_age = '50 ans et plus' then demandeurs else 0 end) as plus_50,
        sum(case when sexe = 'Femmes' then demandeurs else 0 end) as femmes
    from september
    group by annee
),

counts as (
    select annee, 'territoire.defm.abc' as indicator_id, abc as value, abc from measures
    union all
    select annee, 'territoire.defm.a' as indicator_id, a as value, abc from measures
    union all
    select annee, 'territoire.defm.abc.anciennete_12m' as indicator_id, anciennete_12m as value, abc from measures
    union all
    select annee, 'territoire.defm.abc.moins_25' as indicator_id, moins_25 as value, abc from measures
    union all
    select annee, 'territoire.defm.abc.plus_50' as indicator_id, plus_50 as value, abc from measures
    union all
    select annee, 'territoire.defm.abc.femmes' as indicator_id, femmes as value, abc from measures
)

select
    annee as report_year,
    indicator_id,
    cast(annee as varchar) || '-09-30' as period,
    cast(value as double) as value,
    'count' as unit
from counts

union all

select
    annee as report_year,
    indicator_id || '.part_pct' as indicator_id,
    cast(annee as varchar) || '-09-30' as period,
    100.0 * value / abc as value,
    'pct' as unit
from counts
where indicator_id like 'territoire.defm.abc.%'

union all

select
    current_year.annee as report_year,
    current_year.indicator_id || '.evol_pct' as indicator_id,
    cast(previous_year.annee as varchar) || '-09-30/' || cast(current_year.annee as varchar) || '-09-30' as period,
    100.0 * (current_year.value - previous_year.value) / previous_year.value as value,
    'pct' as unit
from counts as current_year
inner join counts as previous_year
    on current_year.indicator_id = previous_year.indicator_id
    and previous_year.annee = current_year.annee - 1
