-- PLIE social-support actions, one row per action and attendee (key: id_action, id_participant;
-- a collective action has one row per attendee, same id_action), with date, type (Individuel,
-- Collectif) and hours. Staging: renamed and cast only. A key found in several monthly files is a
-- re-export (date corrected): the latest month's row is kept (then the latest line).
with ranked as (
    select
        raw.*,
        row_number() over (
            partition by id_action, id_participant
            order by partition_key desc, source_line desc
        ) as export_rank
    from raw_plie__accompagnement_social as raw
)

select
    id_action,
    id_participant,
    cast(date_action as date) as date_action,
    type_action,
    cast(heures as double) as heures,
    source_file,
    source_line
from ranked
where export_rank = 1
