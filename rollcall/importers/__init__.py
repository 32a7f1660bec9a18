"""Importers: turn the reference source files into the resources of datasets/.

Run with `python build.py import --reference PATH`. Each importer reads one source and
returns rows; `run.py` joins them, writes sorted CSV and prints what it found.
"""
