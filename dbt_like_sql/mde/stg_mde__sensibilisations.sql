-- Employer awareness contacts, one row per employer, day and topic.
-- Staging: renamed and cast only. Key kept: (date_contact, entreprise, dispositif); a record found in several monthly files
-- (a re-export, possibly corrected) is taken from the latest month's, its last line.
with ranked as (
    select
        raw.*,
        row_number() over (
            partition by date_contact, entreprise, dispositif
            order by partition_key desc, source_line desc
        ) as export_rank
    from raw_mde__sensibilisations as raw
)

select
    cast(date_contact as date) as date_contact,
    entreprise,
    dispositif,
    source_file,
    source_line
from ranked
where export_rank = 1
