"""Comparisons between systems: criteria, virtues, data flows, tension."""
