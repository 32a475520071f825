"""Data that belongs to cultuurregio: region registry, merger table, aliases, provenance.

Installed as the package ``cultuurregio_geodata`` so that the embedded default registry
travels with the tool. Downloaded CBS files are cached in ``cache/`` beside this file
when it is writable (a checkout), and are never committed.
"""

from pathlib import Path

HERE = Path(__file__).resolve().parent
