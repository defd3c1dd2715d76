-- Mission Locale events, one row per young person and event: date, type, mode, workshop session
-- and staff member (pseudonym). Staging: renamed and cast only. est_entretien: an individual
-- interview (type 'Entretien individuel', face to face or remote); every event is a contact.
-- Key kept: id_evenement (an event found in several monthly files, its date corrected between
-- exports, is taken from the latest month's file, last line).
with ranked as (
    select
        raw.*,
        row_number() over (
            partition by id_evenement
            order by partition_key desc, source_line desc
        ) as export_rank
    from raw_ml__evenements as raw
)

select
    id_evenement,
    id_jeune,
    cast(date_evenement as date) as date_evenement,
    type_evenement,
    type_evenement = 'Entretien individuel' as est_entretien,
    mode,
    id_session,
    id_conseiller,
    source_file,
    source_line
from ranked
where export_rank = 1
