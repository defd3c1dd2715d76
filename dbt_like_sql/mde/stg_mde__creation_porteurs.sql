-- Business-creation project holders received, one row per reception (a holder received twice has two rows), with sex and commune of residence.
-- Staging: renamed and cast only. Key kept: (id_porteur, date_accueil); a record found in several monthly files
-- (a re-export, possibly corrected) is taken from the latest month's, its last line.
-- id_porteur: pseudonyms (keyed hash at ingestion).
with ranked as (
    select
        raw.*,
        row_number() over (
            partition by id_porteur, date_accueil
            order by partition_key desc, source_line desc
        ) as export_rank
    from raw_mde__creation_porteurs as raw
)

select
    id_porteur,
    cast(date_accueil as date) as date_accueil,
    sexe,
    code_commune,
    source_file,
    source_line
from ranked
where export_rank = 1
