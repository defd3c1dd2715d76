-- Insertion-clause hours the figures leave out because their operation is in no operations
-- register (rule `unknown_operation`): a rule across two registers, which ingestion (one sheet at
-- a time) cannot check. One row per hours row, with its file (workbook#sheet) and line; the
-- person id is the pseudonym. reference_date (the month of the hours) places the row in a report
-- year: the run summary, every output's data state and the quality report list it
-- (quality/set_aside.py).
select
    hours.id_operation,
    hours.id_personne,
    hours.mois,
    hours.heures,
    'unknown_operation' as rule,
    'hours of an operation absent from the Clauses - opérations registers' as reason,
    hours.source_file as file,
    hours.source_line as line,
    hours.mois as reference_date
from stg_mde__clauses_heures as hours
left join stg_mde__clauses_operations as operations
    on hours.id_operation = operations.id_operation
where operations.id_operation is null
