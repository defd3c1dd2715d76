-- Shared prospection operations (task force entreprises with France Travail and partners), one
-- row per operation and contact: each professional mobilised (with their employer) and each
-- company prospected (with the recruitment needs collected). Staging: renamed and cast only. Key
-- (id_operation, type_contact, id_contact): a row found in several monthly files is taken from the
-- latest month's file, then its latest line. id_contact is a pseudonym.
with ranked as (
    select
        raw.*,
        row_number() over (
            partition by id_operation, type_contact, id_contact
            order by partition_key desc, source_line desc
        ) as export_rank
    from raw_ml__prospection as raw
)

select
    id_operation,
    cast(date_operation as date) as date_operation,
    type_contact,
    id_contact,
    structure,
    cast(besoins_recueillis as integer) as besoins_recueillis,
    source_file,
    source_line
from ranked
where export_rank = 1
