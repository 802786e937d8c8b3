"""report (issue 7)."""
