"""Report artefacts in French: number formatting, charts, HTML and PDF rendering, templates.

Belongs here: turning an indicators table into documents. Not here: computing any figure (that is
the SQL models' job); a report reads the indicators table only.
"""
