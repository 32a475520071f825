"""Stage 4, analysis: coverage, comparison, validation and report figures as plain data."""
