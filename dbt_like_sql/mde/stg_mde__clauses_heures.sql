-- Insertion-clause hours per person, operation and month, exact decimals, with the person's commune of residence.
-- Staging: renamed and cast only. Key kept: (id_operation, id_personne, mois); a record found in several monthly files
-- (a re-export, possibly corrected) is taken from the latest month's, its last line.
-- id_personne: pseudonyms (keyed hash at ingestion).
-- heures: text in the raw table, cast here to an exact decimal (2 places).
with ranked as (
    select
        raw.*,
        row_number() over (
            partition by id_operation, id_personne, mois
            order by partition_key desc, source_line desc
        ) as export_rank
    from raw_mde__clauses_heures as raw
)

select
    id_operation,
    id_personne,
    code_commune,
    cast(date_trunc('month', mois) as date) as mois,
    cast(replace(heures, ',', '.') as decimal(12, 2)) as heures,
    source_file,
    source_line
from ranked
where export_rank = 1
