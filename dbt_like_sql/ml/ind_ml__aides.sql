-- Mission Locale key figures of the report year Y: allowances and financial aids, in euros to the
-- cent (exact DECIMAL sums, never float). Computed in int_ml__ytd_aides over year-to-date periods;
-- these are its December rows (1 January to 31 December of Y).
-- Per type (CEJ and PACEA allowances, FAJ, Mission Locale fund, meals, MDE mobility): amounts
-- granted ('Accordée') with a payment or decision date in Y (ml.aides.<type>.montant) and their
-- distinct beneficiaries (.jeunes); FAJ files examined: FAJ files decided in Y, granted or refused
-- (ml.aides.faj.dossiers); trainings financed by the Mission Locale fund: granted 'Fonds ML' aids
-- with purpose 'Formation' (ml.aides.fonds_ml.formations); total of the six types
-- (ml.aides.total.montant).
select report_year, indicator_id, period, value, unit
from int_ml__ytd_aides
where is_year_end
