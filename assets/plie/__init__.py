"""PLIE domain: the tracking tool's monthly extracts (participants, parcours steps, exits, financed
trainings, social support) and the PLIE's reference tables (exit-motif categories, targets).

Belongs here: the ingestion assets of those extracts and the reference tables written from code or
configuration. Not here: the figures themselves (SQL models in `dbt_like_sql/plie/`).
"""
