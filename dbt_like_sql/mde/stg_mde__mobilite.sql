-- Individual mobility aids (public-transport pass reloads, fuel cards, train tickets), one row per aid, with the recipient's commune and QPV.
-- Staging: renamed and cast only. Key kept: (id_personne, type_aide, date_aide); a record found in several monthly files
-- (a re-export, possibly corrected) is taken from the latest month's, its last line.
-- id_personne: pseudonyms (keyed hash at ingestion).
with ranked as (
    select
        raw.*,
        row_number() over (
            partition by id_personne, type_aide, date_aide
            order by partition_key desc, source_line desc
        ) as export_rank
    from raw_mde__mobilite as raw
)

select
    id_personne,
    cast(date_aide as date) as date_aide,
    type_aide,
    code_commune,
    qpv = 'O' as qpv,
    source_file,
    source_line
from ranked
where export_rank = 1
