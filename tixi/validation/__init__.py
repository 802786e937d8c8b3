"""Labelled articles and the figures computed from them: precision, recall, intervals (issue 10)."""
