-- ML collective actions, one row each: date, theme and partner organisation (empty: the ML alone).
-- Staging: renamed and cast only. Key id_action: an action found in several monthly files (its
-- date corrected between exports) is taken from the latest month's file, then its latest line.
with ranked as (
    select
        raw.*,
        row_number() over (
            partition by id_action
            order by partition_key desc, source_line desc
        ) as export_rank
    from raw_ml__actions_collectives as raw
)

select
    id_action,
    cast(date_action as date) as date_action,
    theme,
    partenaire,
    partenaire is not null as en_partenariat,
    source_file,
    source_line
from ranked
where export_rank = 1
