-- Census populations per commune and census vintage (RP year), from INSEE's "populations légales"
-- commune file. Staging: renamed and cast only. One row per commune and vintage.
select
    cast(partition_key as integer) as annee_rp,
    "COM" as code_commune,
    "Commune" as commune,
    "DEP" as code_departement,
    "PMUN" as population_municipale,
    "PCAP" as population_comptee_a_part,
    "PTOT" as population_totale
from raw_insee__populations
