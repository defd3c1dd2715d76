"""Maison de l'Emploi domain: the registers of its monthly tracking workbook, the Cyber-base
visit log, the web and social-network statistics, and the MDE's reference tables (sites,
networks, settings) from config/mde.yaml.
"""
