-- Communication key figures of the report year Y. Computed in int_communication__ytd over
-- year-to-date periods; these are its December rows.
-- Website visits and pages viewed in Y, summed over its days (communication.site.visites,
-- .pages_vues). Per social network, by its rank in the configuration (communication.reseau_<rank>):
-- followers at the end of Y's latest month with statistics (.abonnes), followers gained in Y, net
-- (.abonnes.gain), views and impressions summed over Y (.vues, .impressions). Reception sites of
-- the association (communication.lieux_accueil): the sites of the configuration (ref_mde__sites).
select report_year, indicator_id, period, value, unit
from int_communication__ytd
where is_year_end
