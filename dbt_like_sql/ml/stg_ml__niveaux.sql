-- Education levels reached after the first reception, one row per young person and date: the
-- level (1..8, 1-3 below the baccalauréat) holding from date_niveau on. Staging: renamed and cast
-- only. Key kept: (id_jeune, date_niveau) (latest month's file, last line).
with ranked as (
    select
        raw.*,
        row_number() over (
            partition by id_jeune, date_niveau
            order by partition_key desc, source_line desc
        ) as export_rank
    from raw_ml__niveaux as raw
)

select
    id_jeune,
    cast(date_niveau as date) as date_niveau,
    cast(niveau_formation as integer) as niveau_formation,
    diplome,
    source_file,
    source_line
from ranked
where export_rank = 1
