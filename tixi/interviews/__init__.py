"""interviews (issue 6)."""
