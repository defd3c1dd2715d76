-- Allowances and financial aids, one row per payment or file: type, date of payment or decision,
-- decision (Accordée, Refusée), purpose and amount in euros to the cent, an exact DECIMAL(12, 2)
-- (never a float: sums stay exact to the cent). Staging: renamed and cast only. Key kept: id_aide
-- (latest month's file, last line).
with ranked as (
    select
        raw.*,
        row_number() over (
            partition by id_aide
            order by partition_key desc, source_line desc
        ) as export_rank
    from raw_ml__aides as raw
)

select
    id_aide,
    id_jeune,
    type_aide,
    cast(date_decision as date) as date_decision,
    decision,
    objet,
    cast(montant as decimal(12, 2)) as montant,
    source_file,
    source_line
from ranked
where export_rank = 1
