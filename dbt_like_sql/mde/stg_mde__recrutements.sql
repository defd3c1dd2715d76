-- Recruitment operations run for an employer, one row each, with the PMSMP done and the contracts signed.
-- Staging: renamed and cast only. Key kept: (entreprise, date_debut); a record found in several monthly files
-- (a re-export, possibly corrected) is taken from the latest month's, its last line.
with ranked as (
    select
        raw.*,
        row_number() over (
            partition by entreprise, date_debut
            order by partition_key desc, source_line desc
        ) as export_rank
    from raw_mde__recrutements as raw
)

select
    entreprise,
    cast(date_debut as date) as date_debut,
    cast(pmsmp as integer) as pmsmp,
    cast(cdd as integer) as cdd,
    cast(cdi as integer) as cdi,
    source_file,
    source_line
from ranked
where export_rank = 1
