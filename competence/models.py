"""Competence records, certificates and the capacity indicator (tenant schema)."""
