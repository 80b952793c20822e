"""Backups: a consistent snapshot of the database, every evidence file, and a manifest."""
