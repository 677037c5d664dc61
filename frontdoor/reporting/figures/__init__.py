"""The reporting figures as pure Python (no Django): plain rows in, figures, tables and files out.

The Django side (``frontdoor.reporting.queries``) reads the database into the rows of ``rows.py``; everything
here can be tested with small hand-made datasets and is type-checked with ``mypy --strict``.
"""
