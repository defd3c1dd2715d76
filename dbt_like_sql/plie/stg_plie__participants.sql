-- PLIE entries, one row per parcours: participant and entry date (key: id_participant,
-- date_entree), with the profile at that entry, commune of residence and prescriber. A participant
-- who left and came back under the same id has one row per entry. Staging: renamed and cast only
-- (O/N flags as booleans). A key found in several monthly files is a re-export: the latest
-- month's row is kept (then the latest line). id_participant is a pseudonym; the birth date stays
-- in raw_plie__participants (stg_plie__ages derives the age flags).
with ranked as (
    select
        raw.*,
        row_number() over (
            partition by id_participant, date_entree
            order by partition_key desc, source_line desc
        ) as export_rank
    from raw_plie__participants as raw
)

select
    id_participant,
    cast(date_entree as date) as date_entree,
    sexe,
    code_commune,
    qpv = 'O' as qpv,
    cast(niveau_formation as integer) as niveau_formation,
    rsa = 'O' as rsa,
    public_prioritaire,
    prescripteur,
    source_file,
    source_line
from ranked
where export_rank = 1
