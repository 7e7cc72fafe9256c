"""Data exchange: spreadsheets in (reading, mapping, importing, duplicates) and out (export, reports, bundles)."""
