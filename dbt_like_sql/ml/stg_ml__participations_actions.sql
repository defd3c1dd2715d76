-- Attendance at ML collective actions, one row per action and attendee (young person or partner's
-- staff), with the attendance recorded after the action. Staging: renamed and cast only. Key
-- (id_action, id_participant): a row found in several monthly files is taken from the latest
-- month's file, then its latest line. id_participant is a pseudonym.
with ranked as (
    select
        raw.*,
        row_number() over (
            partition by id_action, id_participant
            order by partition_key desc, source_line desc
        ) as export_rank
    from raw_ml__participations_actions as raw
)

select
    id_action,
    id_participant,
    cast(date_action as date) as date_action,
    categorie_participant = 'Jeune' as est_jeune,
    presence = 'Présent' as present,
    source_file,
    source_line
from ranked
where export_rank = 1
