"""Exports: CSV, XLSX and JSON in the canonical columns; OC4IDS and IATI for partners."""
