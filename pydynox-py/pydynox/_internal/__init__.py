"""Helpers behind the public API (their import paths match upstream's)."""
