-- Social-network statistics, one row per network and month: followers at month end, gained, views, impressions.
-- Staging: renamed and cast only. Key kept: (mois, reseau); a record found in several monthly files
-- (a re-export, possibly corrected) is taken from the latest month's, its last line.
with ranked as (
    select
        raw.*,
        row_number() over (
            partition by mois, reseau
            order by partition_key desc, source_line desc
        ) as export_rank
    from raw_communication__reseaux as raw
)

select
    cast(date_trunc('month', mois) as date) as mois,
    reseau,
    cast(abonnes as integer) as abonnes,
    cast(nouveaux_abonnes as integer) as nouveaux_abonnes,
    cast(vues as integer) as vues,
    cast(impressions as integer) as impressions,
    source_file,
    source_line
from ranked
where export_rank = 1
