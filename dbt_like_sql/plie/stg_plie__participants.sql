-- PLIE participants, one row each: profile at entry, commune of residence, prescriber and entry
-- date. Staging: renamed and cast only (O/N flags as booleans). A participant found in several
-- monthly files (entry date corrected between exports) is taken from the latest month's file.
-- id_participant is a pseudonym; the birth date is reduced to its month at ingestion.
with ranked as (
    select
        raw.*,
        row_number() over (
            partition by id_participant
            order by partition_key desc, source_line desc
        ) as export_rank
    from raw_plie__participants as raw
)

select
    id_participant,
    cast(date_naissance as date) as mois_naissance,
    sexe,
    code_commune,
    qpv = 'O' as qpv,
    cast(niveau_formation as integer) as niveau_formation,
    rsa = 'O' as rsa,
    public_prioritaire,
    prescripteur,
    cast(date_entree as date) as date_entree,
    operateur,
    source_file,
    source_line
from ranked
where export_rank = 1
