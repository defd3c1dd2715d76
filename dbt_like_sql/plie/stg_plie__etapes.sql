-- PLIE parcours steps (Emploi, Formation, Emploi d'insertion, Prestation), one row per step
-- (key: id_etape), with its start and end (empty end: still running). Staging: renamed and cast
-- only. A key found in several monthly files is a re-export (start date corrected): the latest
-- month's row is kept (then the latest line).
with ranked as (
    select
        raw.*,
        row_number() over (
            partition by id_etape
            order by partition_key desc, source_line desc
        ) as export_rank
    from raw_plie__etapes as raw
)

select
    id_etape,
    id_participant,
    type_etape,
    formation_qualifiante = 'O' as formation_qualifiante,
    cast(date_debut as date) as date_debut,
    cast(date_fin as date) as date_fin,
    source_file,
    source_line
from ranked
where export_rank = 1
