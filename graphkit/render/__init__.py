"""Stage 5, renderers: JSON, CSV, HTML, PNG, XLSX and GeoPackage.

Also the one place that writes files (files.py). Renderers never compute coverage."""
