-- Proposals made to young people, one row each, with date and theme. Staging: renamed and cast
-- only. Key kept: id_proposition (latest month's file, last line).
with ranked as (
    select
        raw.*,
        row_number() over (
            partition by id_proposition
            order by partition_key desc, source_line desc
        ) as export_rank
    from raw_ml__propositions as raw
)

select
    id_proposition,
    id_jeune,
    cast(date_proposition as date) as date_proposition,
    theme,
    source_file,
    source_line
from ranked
where export_rank = 1
