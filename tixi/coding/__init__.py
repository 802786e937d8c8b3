"""coding (issue 4)."""
