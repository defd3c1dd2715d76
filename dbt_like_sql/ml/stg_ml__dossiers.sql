-- Mission Locale young people (i-milo dossiers), one row each: sex, commune of residence, QPV,
-- education level at first reception, France Travail registration, first reception date.
-- Staging: renamed and cast only (O/N flags as booleans); infra_bac: level 1, 2 or 3 (below the
-- baccalauréat; unknown level: not counted as such). Key kept: id_jeune (a dossier found in several
-- monthly files is taken from the latest month's, last line). id_jeune is a pseudonym; the birth
-- date stays in raw_ml__dossiers (ages are derived where a definition needs them).
with ranked as (
    select
        raw.*,
        row_number() over (
            partition by id_jeune
            order by partition_key desc, source_line desc
        ) as export_rank
    from raw_ml__dossiers as raw
)

select
    id_jeune,
    sexe,
    code_commune,
    qpv = 'O' as qpv,
    cast(niveau_formation as integer) as niveau_formation,
    coalesce(niveau_formation <= 3, false) as infra_bac,
    inscrit_france_travail = 'O' as inscrit_france_travail,
    cast(date_premier_accueil as date) as date_premier_accueil,
    source_file,
    source_line
from ranked
where export_rank = 1
