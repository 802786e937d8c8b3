"""The report (issue 7): HTML and Markdown with figures, evidence appendix and provenance."""
