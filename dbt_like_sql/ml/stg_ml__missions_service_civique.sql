-- Civic-service missions of young people of the territory, one row each: host organisation,
-- agreement (the ML's own or the host's), start and planned or actual end. Staging: renamed and
-- cast only. Key id_mission: a mission found in several monthly files (ended early, start
-- corrected) is taken from the latest month's file, then its latest line. id_jeune is a pseudonym.
with ranked as (
    select
        raw.*,
        row_number() over (
            partition by id_mission
            order by partition_key desc, source_line desc
        ) as export_rank
    from raw_ml__missions_service_civique as raw
)

select
    id_mission,
    id_jeune,
    structure_accueil,
    agrement = 'ML' as agrement_ml,
    cast(date_debut as date) as date_debut,
    cast(date_fin as date) as date_fin,
    source_file,
    source_line
from ranked
where export_rank = 1
