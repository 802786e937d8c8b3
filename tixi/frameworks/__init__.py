"""frameworks (issue 3)."""
