"""Exchange formats: REFI-QDA .qdpx and .qdc."""
