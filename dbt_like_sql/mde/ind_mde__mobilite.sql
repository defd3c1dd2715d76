-- MDE key figures of the report year Y: mobility aids. Computed in int_mde__ytd_mobilite over
-- year-to-date periods; these are its December rows.
-- Public-transport pass reloads dated in Y (mde.mobilite.pass_rechargements) and their distinct recipients
-- (.pass_personnes), of whom residents of the territory (.pass_personnes.mno) and QPV residents
-- (.pass_personnes.qpv), by each person's latest reload of Y; fuel cards granted in Y
-- (.cartes_carburant), distinct recipients (.cartes_carburant.personnes) and residents
-- (.personnes_mno); train tickets: distinct people helped (.train.personnes) and residents
-- (.train.personnes_mno). Group bus trips of Y (.bus.deplacements) and the people carried, summed
-- (.bus.personnes).
select report_year, indicator_id, period, value, unit
from int_mde__ytd_mobilite
where is_year_end
