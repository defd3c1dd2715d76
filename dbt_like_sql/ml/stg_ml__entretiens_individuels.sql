-- Individual appointments with the ML's specialised staff and partners (CPAM social delegate,
-- health check, psychologist, international mobility, coach), one row each, with their outcome.
-- Staging: renamed and cast only; the staff note never leaves ingestion. Key id_entretien: an
-- appointment found in several monthly files (rescheduled, or its outcome updated) is taken from
-- the latest month's file, then its latest line. id_jeune is a pseudonym.
with ranked as (
    select
        raw.*,
        row_number() over (
            partition by id_entretien
            order by partition_key desc, source_line desc
        ) as export_rank
    from raw_ml__entretiens_individuels as raw
)

select
    id_entretien,
    id_jeune,
    cast(date_entretien as date) as date_entretien,
    type_entretien,
    statut = 'Réalisé' as realise,
    source_file,
    source_line
from ranked
where export_rank = 1
