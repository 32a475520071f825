"""Stage 2, resolved model: names resolved to CBS codes on a reference date."""
