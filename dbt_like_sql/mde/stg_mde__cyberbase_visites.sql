-- Cyber-base Emploi visits, one row each: site, user, service, the user's public (Adulte, Jeune), sex and follow-up, the workshop session if any.
-- Staging: renamed and cast only. Key kept: (id_passage); a record found in several monthly files
-- (a re-export, possibly corrected) is taken from the latest month's, its last line.
-- id_usager: pseudonyms (keyed hash at ingestion).
with ranked as (
    select
        raw.*,
        row_number() over (
            partition by id_passage
            order by partition_key desc, source_line desc
        ) as export_rank
    from raw_mde__cyberbase_visites as raw
)

select
    id_passage,
    cast(date_passage as date) as date_passage,
    site,
    id_usager,
    sexe,
    public,
    suivi,
    service,
    id_atelier,
    atelier,
    source_file,
    source_line
from ranked
where export_rank = 1
