-- Territory key figures: census population ("population municipale") of each commune served and
-- of the whole territory, and the number of communes. The report of year Y cites census vintage
-- Y-2 (RP Y-2), the latest INSEE has published when the report is written.
with territory as (
    select code_commune from ref_territory__communes where in_territory
),

populations as (
    select
        pop.annee_rp + 2 as report_year,
        pop.annee_rp,
        pop.code_commune,
        pop.population_municipale
    from stg_insee__populations as pop
    inner join territory on pop.code_commune = territory.code_commune
)

select
    report_year,
    'territoire.population.' || code_commune as indicator_id,
    'RP' || cast(annee_rp as varchar) as period,
    cast(population_municipale as double) as value,
    'count' as unit
from populations

union all

select
    report_year,
    'territoire.population.total' as indicator_id,
    'RP' || cast(annee_rp as varchar) as period,
    cast(sum(population_municipale) as double) as value,
    'count' as unit
from populations
group by report_year, annee_rp

union all

select
    report_year,
    'territoire.population.communes' as indicator_id,
    'RP' || cast(annee_rp as varchar) as period,
    cast(count(*) as double) as value,
    'count' as unit
from populations
group by report_year, annee_rp
