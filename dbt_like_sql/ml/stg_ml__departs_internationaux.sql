-- Departures abroad of young people supported by the ML, one row each: programme, project,
-- partner, country, departure and return dates. Staging: renamed and cast only. Key id_depart: a
-- departure found in several monthly files (date moved between exports) is taken from the latest
-- month's file, then its latest line. id_jeune is a pseudonym.
with ranked as (
    select
        raw.*,
        row_number() over (
            partition by id_depart
            order by partition_key desc, source_line desc
        ) as export_rank
    from raw_ml__departs_internationaux as raw
)

select
    id_depart,
    id_jeune,
    programme,
    projet,
    partenaire,
    pays,
    cast(date_depart as date) as date_depart,
    cast(date_retour as date) as date_retour,
    source_file,
    source_line
from ranked
where export_rank = 1
