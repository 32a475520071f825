"""Stage 1, sources: the registry YAML, CBS files and where they come from."""
