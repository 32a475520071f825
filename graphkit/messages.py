"""User-facing text in Dutch (default) and English, and the project's input error.

Every message a user can see is a key here with a Dutch and an English template, so that
`--lang en` switches all of them at once and tests can match on either.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

__all__ = ["LANGS", "InputError", "Problem", "describe", "number", "text"]

LANGS = ("nl", "en")

_CATALOGUE: dict[str, tuple[str, str]] = {
    # --- files -------------------------------------------------------------------------
    "file_missing": ("bestand bestaat niet", "file does not exist"),
    "file_unreadable": ("bestand is niet te lezen ({reason})", "file cannot be read ({reason})"),
    "file_empty": ("bestand is leeg", "file is empty"),
    "file_too_large": (
        "bestand is te groot ({size} bytes, hoogstens {limit})",
        "file is too large ({size} bytes, at most {limit})",
    ),
    "not_utf8": (
        "geen UTF-8-tekst (byte {pos})", "not UTF-8 text (byte {pos})"
    ),
    "yaml_syntax": ("geen geldige YAML: {detail}", "not valid YAML: {detail}"),
    "yaml_duplicate_key": (
        "sleutel '{key}' staat twee keer in hetzelfde blok (regel {line})",
        "key '{key}' appears twice in the same block (line {line})",
    ),
    "csv_columns": (
        "kolommen {missing} ontbreken (gevonden: {found})",
        "columns {missing} are missing (found: {found})",
    ),
    "csv_value": ("regel {line}: {detail}", "line {line}: {detail}"),
    "output_unwritable": (
        "kan niet schrijven ({reason})", "cannot write ({reason})"
    ),
    # --- registry structure ------------------------------------------------------------
    "reg_top_type": (
        "het bestand moet een blok 'regios:' bevatten",
        "the file must contain a 'regios:' block",
    ),
    "reg_top_keys": (
        "onbekende sleutel(s) {keys} op het hoogste niveau; toegestaan: {allowed}",
        "unknown top-level key(s) {keys}; allowed: {allowed}",
    ),
    "reg_no_regions": ("'regios' bevat geen enkele regio", "'regios' holds no region"),
    "reg_bad_id": (
        "regio-id {id!r} is ongeldig: gebruik kleine letters, cijfers en '-'",
        "region id {id!r} is invalid: use lower-case letters, digits and '-'",
    ),
    "reg_entry_type": (
        "{where}: verwacht een blok met sleutels, gevonden {found}",
        "{where}: expected a block of keys, found {found}",
    ),
    "reg_unknown_keys": (
        "{where}: onbekende sleutel(s) {keys}; toegestaan: {allowed}",
        "{where}: unknown key(s) {keys}; allowed: {allowed}",
    ),
    "reg_missing_key": ("{where}: '{key}' ontbreekt", "{where}: '{key}' is missing"),
    "reg_type": (
        "{where}: '{key}' moet {expected} zijn, gevonden {found}",
        "{where}: '{key}' must be {expected}, found {found}",
    ),
    "reg_empty_region": (
        "{where}: regio heeft geen gemeenten en geen provincies",
        "{where}: region has no municipalities and no provinces",
    ),
    "reg_bad_dekking": (
        "{where}: dekking {found} is ongeldig; toegestaan: leden, provincies, "
        "{{corop: [...]}}, {{gemeenten: [...]}}",
        "{where}: coverage {found} is invalid; allowed: leden, provincies, "
        "{{corop: [...]}}, {{gemeenten: [...]}}",
    ),
    "reg_dekking_no_provinces": (
        "{where}: dekking 'provincies' maar de regio heeft geen provincies",
        "{where}: coverage 'provincies' but the region has no provinces",
    ),
    "reg_group_unknown_region": (
        "{where}: onbekende regio {id!r}; bekende regio's: {known}",
        "{where}: unknown region {id!r}; known regions: {known}",
    ),
    "reg_unknown_period": (
        "onbekende periode {period!r}; bekend: {known}", "unknown period {period!r}; known: {known}"
    ),
    "reg_period_undeclared": (
        "{where}: periode {period!r} staat niet onder 'perioden' ({known})",
        "{where}: period {period!r} is not declared under 'perioden' ({known})",
    ),
    "reg_group_id_clash": (
        "landsdeel-id {id!r} is ook een regio-id", "grouping id {id!r} is also a region id"
    ),
    # --- names -------------------------------------------------------------------------
    "names_unresolved": ("{count} naam/namen niet herkend", "{count} name(s) not recognised"),
    "name_unknown": ("{where}: {name!r} onbekend", "{where}: {name!r} unknown"),
    "name_unknown_suggest": (
        "{where}: {name!r} onbekend; bedoelt u {options}?",
        "{where}: {name!r} unknown; did you mean {options}?",
    ),
    "name_ambiguous": (
        "{where}: {name!r} is dubbelzinnig: {options}",
        "{where}: {name!r} is ambiguous: {options}",
    ),
    "name_is_place": (
        "{where}: {name!r} is een woonplaats, geen gemeente; ligt in {options}",
        "{where}: {name!r} is a place, not a municipality; it lies in {options}",
    ),
    "name_not_yet": (
        "{where}: {name!r} bestaat pas vanaf {date} (peildatum {ref})",
        "{where}: {name!r} only exists from {date} (reference date {ref})",
    ),
    "note_merged": (
        "{name} is per {date} opgegaan in {target} ({code})",
        "{name} merged into {target} ({code}) on {date}",
    ),
    "note_alias": ("{name} gelezen als {target} ({code})", "{name} read as {target} ({code})"),
    "note_duplicate": (
        "{name} en {other} zijn beide {target} ({code}); één keer geteld",
        "{name} and {other} are both {target} ({code}); counted once",
    ),
    # --- CBS data ----------------------------------------------------------------------
    "geo_no_dir": (
        "map met CBS-gegevens bestaat niet", "folder with CBS data does not exist"
    ),
    "geo_no_layer": (
        "geen laag voor {division} {year} gevonden (lagen: {layers})",
        "no layer for {division} {year} found (layers: {layers})",
    ),
    "geo_no_gpkg": (
        "geen CBS-GeoPackage met gemeentegrenzen {year} in deze map",
        "no CBS GeoPackage with municipal boundaries {year} in this folder",
    ),
    "geo_not_gpkg": ("geen geldige GeoPackage ({reason})", "not a valid GeoPackage ({reason})"),
    "geo_no_column": (
        "laag {layer}: kolom '{column}' ontbreekt", "layer {layer}: column '{column}' is missing"
    ),
    "geo_no_crs": (
        "laag {layer}: geen coördinatenstelsel (verwacht EPSG:28992)",
        "layer {layer}: no coordinate reference system (expected EPSG:28992)",
    ),
    "geo_bad_geometry": (
        "laag {layer}: lege of ongeldige geometrie bij {codes}",
        "layer {layer}: empty or invalid geometry for {codes}",
    ),
    "geo_duplicate_codes": (
        "laag {layer}: statcode dubbel: {codes}", "layer {layer}: duplicate statcode: {codes}"
    ),
    "date_format": (
        "peildatum {value!r} is geen datum JJJJ-MM-DD", "reference date {value!r} is not YYYY-MM-DD"
    ),
    "download_failed": (
        "downloaden van {url} mislukt ({reason}); geef een map op met --geodata of "
        "CULTUURREGIO_GEODATA",
        "download of {url} failed ({reason}); give a folder with --geodata or "
        "CULTUURREGIO_GEODATA",
    ),
    "checksum_mismatch": (
        "controlegetal klopt niet (verwacht {expected}, gekregen {actual}); bestand verworpen",
        "checksum does not match (expected {expected}, got {actual}); file rejected",
    ),
    # --- CLI summary -------------------------------------------------------------------
    "sum_title": (
        "Cultuurregio-analyse: {registry}, dekking '{mode}', peildatum {date}",
        "Culture region analysis: {registry}, coverage '{mode}', reference date {date}",
    ),
    "period_label": ("{registry}, periode {period}", "{registry}, period {period}"),
    "sum_total": (
        "Gemeenten: {n} ({inh} inwoners), regio's: {regions}",
        "Municipalities: {n} ({inh} inhabitants), regions: {regions}",
    ),
    "sum_covered": ("Gedekt:       {n} gemeenten, {inh} inwoners ({pct})",
                    "Covered:      {n} municipalities, {inh} inhabitants ({pct})"),
    "sum_uncovered": ("Niet gedekt:  {n} gemeenten, {inh} inwoners, {clusters} cluster(s)",
                      "Uncovered:    {n} municipalities, {inh} inhabitants, {clusters} cluster(s)"),
    "sum_double": ("Dubbel gedekt: {n} gemeenten: {items}",
                   "Doubly covered: {n} municipalities: {items}"),
    "sum_landsdeel": (
        "{name}: {n} gemeente(n) buiten CBS-landsdeel {cbs}{items}",
        "{name}: {n} municipality(ies) outside CBS landsdeel {cbs}{items}",
    ),
    "sum_notes": ("Naamopmerkingen: {n} (zie notes in analyse.json)",
                  "Name notes: {n} (see notes in analyse.json)"),
    "sum_written": ("Geschreven: {files}", "Written: {files}"),
    "sum_source": (
        "Bron: CBS, gebiedsindelingen {year}", "Source: CBS (Bron: CBS), area divisions {year}"
    ),
    # --- maps --------------------------------------------------------------------------
    "map_title": (
        "Cultuurregio's: {registry}, dekking '{mode}', peildatum {date}",
        "Culture regions: {registry}, coverage '{mode}', reference date {date}",
    ),
    "map_legend": ("Dekking per gemeente", "Coverage per municipality"),
    "map_class_geen": ("geen cultuurregio", "no culture region"),
    "map_class_een": ("één cultuurregio", "one culture region"),
    "map_class_meer": ("twee of meer cultuurregio's", "two or more culture regions"),
    "map_legend_count": (
        "{count} gemeenten, {inh} inwoners", "{count} municipalities, {inh} inhabitants"
    ),
    "map_layer_municipalities": ("Dekking per gemeente", "Coverage per municipality"),
    "map_layer_provinces": ("Provinciegrenzen", "Province borders"),
    "map_layer_groupings": ("Landsdeel-groeperingen", "Landsdeel groupings"),
    "map_layer_gaps": ("Gatclusters (niet gedekt)", "Gap clusters (uncovered)"),
    "map_layer_basemap": ("Achtergrondkaart (online)", "Base map (online)"),
    "map_region_layer": ("Regio: {name}", "Region: {name}"),
    "map_gap_label": ("Gat {number}: {n} gemeenten", "Gap {number}: {n} municipalities"),
    "map_search": ("Zoek gemeente of CBS-code", "Find municipality or CBS code"),
    "map_code": ("CBS-code", "CBS code"),
    "map_province": ("Provincie", "Province"),
    "map_inhabitants": ("Inwoners", "Inhabitants"),
    "map_regions": ("Cultuurregio's", "Culture regions"),
    "map_none": ("geen cultuurregio", "no culture region"),
    "map_note": ("Opmerking", "Note"),
    "map_basis_listed": ("als lid genoemd", "listed as member"),
    "map_basis_province": ("via lidprovincie", "via member province"),
    "map_basis_declared": ("verklaard werkgebied", "declared territory"),
    "map_source": (
        "Bron: CBS, gebiedsindelingen {year}",
        "Bron: CBS (Statistics Netherlands), area divisions {year}",
    ),
    # --- validation ----------------------------------------------------------------------
    "val_header": (
        "Toetsing van {k} voorstel(len) tegen {registry}, dekking '{mode}', peildatum {date}",
        "Validation of {k} proposal(s) against {registry}, coverage '{mode}', "
        "reference date {date}",
    ),
    "val_heading": ("{name} ({id}, {file})", "{name} ({id}, {file})"),
    "val_combined_heading": ("Alle voorstellen samen", "All proposals together"),
    "val_verdict": ("Oordeel: {status}", "Verdict: {status}"),
    "val_status_OK": ("OK", "OK"),
    "val_status_WAARSCHUWING": ("WAARSCHUWING", "WARNING"),
    "val_status_FOUT": ("FOUT", "ERROR"),
    "val_check_leden": ("leden", "members"),
    "val_check_gebied": ("gebied", "territory"),
    "val_check_overlap": ("overlap", "overlap"),
    "val_check_gaten": ("gaten", "gaps"),
    "val_check_passend": ("passend", "fit"),
    "val_check_samen": ("samen", "combined"),
    "val_duplicate_id": (
        "voorstel-id {id!r} staat ook in {other}", "proposal id {id!r} also appears in {other}"
    ),
    "val_replaces": (
        "vervangt de bestaande regio {id} ({name})", "replaces the existing region {id} ({name})"
    ),
    "val_members_unresolved": (
        "{n} naam/namen niet herkend", "{n} name(s) not recognised"
    ),
    "val_members_empty": ("het voorstel heeft geen gebied", "the proposal has no territory"),
    "val_members_notes": (
        "{n} gemeenten herkend, met opmerkingen", "{n} municipalities recognised, with notes"
    ),
    "val_members_ok": ("alle {n} gemeenten herkend", "all {n} municipalities recognised"),
    "val_contiguous": ("aaneengesloten gebied (1 deel)", "contiguous territory (1 piece)"),
    "val_island": (
        "{name} is via water verbonden (eiland)", "{name} is joined across water (island)"
    ),
    "val_pieces": ("niet aaneengesloten: {n} delen", "not contiguous: {n} pieces"),
    "val_piece": ("deel {i}: {names}", "piece {i}: {names}"),
    "val_overlap": (
        "{n} gemeente(n) al in een andere regio", "{n} municipality(ies) already in another region"
    ),
    "val_overlap_item": ("{name} ({code}): {regions}", "{name} ({code}): {regions}"),
    "val_no_overlap": ("geen overlap met bestaande regio's", "no overlap with existing regions"),
    "val_covers": (
        "dekt {n} niet-gedekte gemeente(n), {inh} inwoners",
        "covers {n} uncovered municipality(ies), {inh} inhabitants",
    ),
    "val_covers_none": (
        "dekt geen enkele niet-gedekte gemeente", "covers no uncovered municipality"
    ),
    "val_coverage_line": (
        "dekking voor → na: {n_before} → {n_after} gemeenten, {pct_before} → {pct_after} van "
        "de inwoners, {area_before} → {area_after} km²",
        "coverage before → after: {n_before} → {n_after} municipalities, {pct_before} → "
        "{pct_after} of inhabitants, {area_before} → {area_after} km²",
    ),
    "val_enclave": (
        "laat {name} ({code}) achter als enclave: niet gedekt, geheel omringd door gedekte "
        "gemeenten",
        "leaves {name} ({code}) behind as an enclave: uncovered, surrounded by covered "
        "municipalities",
    ),
    "val_fit": ("ligging en omvang", "location and size"),
    "val_fit_spans": ("provincies: {provinces}; landsdelen: {landsdelen}",
                      "provinces: {provinces}; landsdelen: {landsdelen}"),
    "val_fit_size": (
        "{n} gemeenten, {inh} inwoners, {area} km²; meer inwoners dan {rank} van de {total} "
        "bestaande regio's (mediaan {median})",
        "{n} municipalities, {inh} inhabitants, {area} km²; more inhabitants than {rank} of the "
        "{total} existing regions (median {median})",
    ),
    "val_fit_best": ("best passend {division}-gebied: {name} (Jaccard {jaccard})",
                     "best matching {division} area: {name} (Jaccard {jaccard})"),
    "val_combined": (
        "{k} voorstel(len) samen dekken {n} nu niet-gedekte gemeente(n)",
        "{k} proposal(s) together cover {n} currently uncovered municipality(ies)",
    ),
    "val_remaining": (
        "daarna nog niet gedekt: {n} gemeenten, {inh} inwoners; per provincie (voor → na): "
        "{where}",
        "still uncovered afterwards: {n} municipalities, {inh} inhabitants; per province "
        "(before → after): {where}",
    ),
    "val_remaining_corop": ("per COROP-gebied (voor → na): {where}",
                            "per COROP area (before → after): {where}"),
    "val_overlap_among": ("voorstellen {a} en {b} delen {n} gemeente(n)",
                          "proposals {a} and {b} share {n} municipality(ies)"),
    "val_map_heading": (
        "Voorstellen over huidige dekking: {registry}, dekking '{mode}', peildatum {date}",
        "Proposals over current coverage: {registry}, coverage '{mode}', reference date {date}",
    ),
    "val_layer": ("Voorstel: {name}", "Proposal: {name}"),
    "unknown_inhabitants": ("onbekend", "unknown"),
    "error_prefix": ("fout", "error"),
}


def text(key: str, lang: str = "nl", /, **params: Any) -> str:
    """Render message `key` in `lang` with `params`."""
    nl, en = _CATALOGUE[key]
    template = en if lang == "en" else nl
    return template.format(**params)


def number(value: float | None, lang: str = "nl") -> str:
    """A whole number as the user's language writes it: 17.442.715 or 17,442,715."""
    if value is None:
        return text("unknown_inhabitants", lang)
    shown = f"{round(value):,}"
    return shown.replace(",", ".") if lang == "nl" else shown


class Problem:
    """One problem found in an input: a message key and its parameters."""

    __slots__ = ("key", "params")

    def __init__(self, key: str, /, **params: Any) -> None:
        if key not in _CATALOGUE:
            raise KeyError(key)
        self.key = key
        self.params = params

    def render(self, lang: str = "nl") -> str:
        params = {
            k: (v.render(lang) if isinstance(v, Problem) else v) for k, v in self.params.items()
        }
        return text(self.key, lang, **params)

    def __repr__(self) -> str:
        return f"Problem({self.key!r}, {self.params!r})"


class InputError(ValueError):
    """Unusable input: names the file and every problem found in it.

    The CLI prints it as one line and exits with status 2.
    """

    def __init__(self, path: str | Path | None, problems: Problem | Iterable[Problem]) -> None:
        self.path = str(path) if path is not None else None
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__(self.render("nl"))

    def render(self, lang: str = "nl") -> str:
        body = "; ".join(p.render(lang) for p in self.problems)
        body = " ".join(body.split())  # one line, whatever the inputs held
        return f"{self.path}: {body}" if self.path else body


def describe(value: object) -> str:
    """Short, type-revealing description of a YAML value for error messages."""
    if isinstance(value, Mapping):
        return "{...}" if value else "{}"
    if isinstance(value, list):
        return "[...]" if value else "[]"
    if value is None:
        return "null"
    shown = repr(value)
    return shown if len(shown) <= 40 else shown[:37] + "..."
