-- Private-sector establishments and salaried headcount at 31 December, per commune, APE code and
-- year, from URSSAF's commune x APE file. Each year is taken from the latest publication vintage
-- that carries it (URSSAF revises earlier years). Blank (secret) cells stay null.
with ranked as (
    select
        raw.*,
        row_number() over (
            partition by code_commune, code_ape, annee
            order by cast(partition_key as integer) desc
        ) as vintage_rank
    from raw_urssaf__effectifs as raw
)

select
    cast(partition_key as integer) as millesime,
    code_epci,
    code_commune,
    commune,
    code_ape,
    ape,
    cast(annee as integer) as annee,
    nombre_etablissements,
    effectifs_salaries
from ranked
where vintage_rank = 1
