"""Mission Locale domain assets: one ingestion asset per extract, built from its contract."""

from assets.extracts import extract_asset
from schemas import ml_actions

GROUP = "ml"

# The ML's own registers of collective actions and partnerships (docs/ml-actions-extracts.md).
raw_ml__actions_collectives = extract_asset(ml_actions.ml__actions_collectives, GROUP)
raw_ml__participations_actions = extract_asset(ml_actions.ml__participations_actions, GROUP)
raw_ml__entretiens_individuels = extract_asset(ml_actions.ml__entretiens_individuels, GROUP)
raw_ml__inscriptions_dispositifs = extract_asset(ml_actions.ml__inscriptions_dispositifs, GROUP)
raw_ml__departs_internationaux = extract_asset(ml_actions.ml__departs_internationaux, GROUP)
raw_ml__missions_service_civique = extract_asset(ml_actions.ml__missions_service_civique, GROUP)
raw_ml__orientations_ft = extract_asset(ml_actions.ml__orientations_ft, GROUP)
raw_ml__prospection = extract_asset(ml_actions.ml__prospection, GROUP)
