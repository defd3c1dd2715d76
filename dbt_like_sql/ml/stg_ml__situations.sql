-- Situations of young people (Emploi, Alternance, Formation, Immersion professionnelle...), one row
-- each, with start and end (empty end: still running), contract or training type, ROME code and its
-- domain (first letter). Staging: renamed and cast only, plus the exact age at the situation's
-- start: completed years between the birth date (raw_ml__dossiers, read here and never output) and
-- date_debut, one less while the birthday of that year has not come (a young person born on the
-- 20th is not a year older on the 10th of the same month). Key kept: id_situation (latest month's
-- file, last line); the birth date from the latest dossier export.
with ranked as (
    select
        raw.*,
        row_number() over (
            partition by id_situation
            order by partition_key desc, source_line desc
        ) as export_rank
    from raw_ml__situations as raw
),

births as (
    select id_jeune, cast(date_naissance as date) as date_naissance
    from (
        select
            id_jeune,
            date_naissance,
            row_number() over (partition by id_jeune order by partition_key desc, source_line desc) as export_rank
        from raw_ml__dossiers
    ) as dossiers
    where export_rank = 1
),

situations as (
    select
        id_situation,
        id_jeune,
        categorie,
        type_contrat,
        type_formation,
        cast(date_debut as date) as date_debut,
        cast(date_fin as date) as date_fin,
        code_rome,
        substr(code_rome, 1, 1) as domaine_rome,
        secteur,
        source_file,
        source_line
    from ranked
    where export_rank = 1
)

select
    situations.*,
    cast(
        extract(year from situations.date_debut) - extract(year from births.date_naissance)
        - case
            when extract(month from situations.date_debut) * 100 + extract(day from situations.date_debut)
                < extract(month from births.date_naissance) * 100 + extract(day from births.date_naissance)
            then 1
            else 0
        end
        as integer
    ) as age_au_debut
from situations
left join births
    on situations.id_jeune = births.id_jeune
