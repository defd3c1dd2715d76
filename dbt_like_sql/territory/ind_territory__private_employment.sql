-- Territory key figures: private-sector salaried jobs in the communes served at 31 December, and
-- their share (%) of the metropolis's (all communes of its EPCI). The report of year Y cites
-- 31 December of Y-1, URSSAF's latest year when the report is written.
with metropolis as (
    select distinct metropolis_epci from ref_territory__communes
),

territory as (
    select code_commune from ref_territory__communes where in_territory
),

jobs as (
    select
        emp.annee,
        sum(case when territory.code_commune is not null then emp.effectifs_salaries end) as territory_jobs,
        sum(emp.effectifs_salaries) as metropolis_jobs
    from stg_urssaf__effectifs as emp
    inner join metropolis on emp.code_epci = metropolis.metropolis_epci
    left join territory on emp.code_commune = territory.code_commune
    group by emp.annee
)

select
    annee + 1 as report_year,
    'territoire.emploi_prive.salaries' as indicator_id,
    cast(annee as varchar) || '-12-31' as period,
    cast(territory_jobs as double) as value,
    'count' as unit
from jobs

union all

select
    annee + 1 as report_year,
    'territoire.emploi_prive.part_mel_pct' as indicator_id,
    cast(annee as varchar) || '-12-31' as period,
    100.0 * territory_jobs / metropolis_jobs as value,
    'pct' as unit
from jobs
