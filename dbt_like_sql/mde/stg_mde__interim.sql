-- Temporary-work contracts of people the association follows, one row per contract.
-- Staging: renamed and cast only. Key kept: (id_personne, agence, date_debut); a record found in several monthly files
-- (a re-export, possibly corrected) is taken from the latest month's, its last line.
-- id_personne: pseudonyms (keyed hash at ingestion).
with ranked as (
    select
        raw.*,
        row_number() over (
            partition by id_personne, agence, date_debut
            order by partition_key desc, source_line desc
        ) as export_rank
    from raw_mde__interim as raw
)

select
    id_personne,
    agence,
    cast(date_debut as date) as date_debut,
    cast(date_fin as date) as date_fin,
    source_file,
    source_line
from ranked
where export_rank = 1
