"""SOSL placeholder, replaced below."""
