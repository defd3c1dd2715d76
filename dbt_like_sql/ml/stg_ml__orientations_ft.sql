-- Orientations of young people from France Travail to the ML, one row each: date, whether the
-- young person already had an ML dossier, whether the ML took the orientation in charge. Staging:
-- renamed and cast only. Key id_orientation: an orientation found in several monthly files (its
-- taking in charge recorded later) is taken from the latest month's file, then its latest line.
with ranked as (
    select
        raw.*,
        row_number() over (
            partition by id_orientation
            order by partition_key desc, source_line desc
        ) as export_rank
    from raw_ml__orientations_ft as raw
)

select
    id_orientation,
    id_jeune,
    cast(date_orientation as date) as date_orientation,
    connu_ml = 'O' as connu_ml,
    prise_en_charge = 'O' as prise_en_charge,
    cast(date_prise_en_charge as date) as date_prise_en_charge,
    source_file,
    source_line
from ranked
where export_rank = 1
