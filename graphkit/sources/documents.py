"""The source documents the default registry cites: title and date of each, by file name.

Recorded in the package data (geodata/bronnen.csv), transcribed from the documents
themselves, so that every output can name a source by its title and date with the file as a
reference. A date is as precise as the document gives it (a day or only a year); the year of
003 (2020) is inferred from its contents (policy for 2021-2024, results up to 2020).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

import cultuurregio_geodata

from ..messages import text

__all__ = ["SourceDocument", "document_label", "source_documents"]

SOURCES_CSV = cultuurregio_geodata.HERE / "bronnen.csv"


@dataclass(frozen=True)
class SourceDocument:
    file: str
    date: str  # YYYY-MM-DD or YYYY
    title: str  # as the document has it (Dutch)
    kind: tuple[str, str]  # what it is, in Dutch and in English


@cache
def source_documents() -> dict[str, SourceDocument]:
    with SOURCES_CSV.open(encoding="utf-8", newline="") as f:
        return {
            row["bestand"]: SourceDocument(row["bestand"], row["datum"], row["titel"],
                                           (row["soort_nl"], row["soort_en"]))
            for row in csv.DictReader(f)
        }


def document_label(file: str | None, lang: str = "nl") -> str:
    """'Title (kind, date; file)' for a known document; the file name as given otherwise."""
    if not file:
        return ""
    doc = source_documents().get(file)
    if doc is None:
        return file
    return text("doc_label", lang, title=doc.title, kind=doc.kind[lang == "en"],
                date=doc.date, file=doc.file)
