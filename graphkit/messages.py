"""User-facing text in Dutch (default) and English, and the project's input error.

Every message a user can see is a key here with a Dutch and an English template, so that
`--lang en` switches all of them at once and tests can match on either.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

__all__ = [
    "CONTROLS", "LANGS", "MODE_ALIASES", "Counted", "InputError", "Problem", "counted",
    "decimal", "describe", "mode_label", "noun", "number", "one_line", "percent", "shorten",
    "source_line", "text", "visible", "without_controls",
]

LANGS = ("nl", "en")

_CATALOGUE: dict[str, tuple[str, str]] = {
    # --- files -------------------------------------------------------------------------
    "file_missing": ("bestand bestaat niet", "file does not exist"),
    "file_unreadable": ("bestand is niet te lezen ({reason})", "file cannot be read ({reason})"),
    "file_empty": ("bestand is leeg", "file is empty"),
    "file_too_large": (
        "bestand is te groot (meer dan {limit} bytes)",
        "file is too large (more than {limit} bytes)",
    ),
    "not_utf8": (
        "geen UTF-8-tekst (byte {pos})", "not UTF-8 text (byte {pos})"
    ),
    "yaml_syntax": ("geen geldige YAML: {detail}", "not valid YAML: {detail}"),
    "yaml_too_deep": (
        "te diep genest (meer dan {depth} niveaus); een register heeft er maar een paar",
        "nested too deeply (more than {depth} levels); a registry has only a few",
    ),
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
        "onbekende {what} {keys} op het hoogste niveau; toegestaan: {allowed}",
        "unknown top-level {what} {keys}; allowed: {allowed}",
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
        "{where}: onbekende {what} {keys}; toegestaan: {allowed}",
        "{where}: unknown {what} {keys}; allowed: {allowed}",
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
        "{where}: dekking {found} is ongeldig; toegestaan: 'leden', 'provincies', "
        "'{{corop: [...]}}', '{{gemeenten: [...]}}'",
        "{where}: coverage {found} is invalid; allowed: 'leden', 'provincies', "
        "'{{corop: [...]}}', '{{gemeenten: [...]}}'",
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
    "names_unresolved": ("{count} niet herkend", "{count} not recognised"),
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
    "geo_not_table": (
        "lagen {layers} zijn geen gewone tabellen (een view voert SQL uit het bestand uit); "
        "niet gelezen",
        "layers {layers} are not plain tables (a view runs SQL from the file); not read",
    ),
    "geo_wrong_year": (
        "laag {layer}: jrstatcode van {codes} hoort niet bij {year}: het bestand is van een "
        "ander jaar dan zijn naam zegt",
        "layer {layer}: jrstatcode of {codes} does not belong to {year}: the file is of "
        "another year than its name says",
    ),
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
    # --- GeoPackage contents (issue 10, finding 4) -------------------------------------
    "geo_empty_layer": ("laag {layer} is leeg", "layer {layer} is empty"),
    "geo_null_code": (
        "laag {layer}: statcode leeg of geen tekst bij rijnummer {rows}",
        "layer {layer}: statcode empty or not text at row number {rows}",
    ),
    "geo_code_form": (
        "laag {layer}: statcode {codes} is niet {prefix} gevolgd door {digits} cijfers",
        "layer {layer}: statcode {codes} is not {prefix} followed by {digits} digits",
    ),
    "geo_bad_name": (
        "laag {layer}: statnaam leeg of geen tekst bij {codes}",
        "layer {layer}: statnaam empty or not text for {codes}",
    ),
    "geo_not_polygon": (
        "laag {layer}: vlakken verwacht, gevonden {kinds} bij {codes}",
        "layer {layer}: polygons expected, found {kinds} for {codes}",
    ),
    "geo_has_z": (
        "laag {layer}: driedimensionale geometrie bij {codes} (verwacht 2D)",
        "layer {layer}: three-dimensional geometry for {codes} (expected 2D)",
    ),
    "geo_outside": (
        "laag {layer}: coördinaten van {codes} vallen buiten Nederland in EPSG:28992 "
        "({extent} m)",
        "layer {layer}: coordinates of {codes} lie outside the Netherlands in EPSG:28992 "
        "({extent} m)",
    ),
    # --- compact CBS data (data helper) ------------------------------------------------
    "compact_damaged": (
        "beschadigd of geen cultuurregio-gegevensbestand ({reason})",
        "damaged or not a cultuurregio data file ({reason})",
    ),
    "geo_no_year": (
        "geen CBS-gegevens voor {year}: ingebouwd zijn {years}; geef voor een ander jaar een "
        "map op met --geodata die PDOK's cbsgebiedsindelingen{year}.gpkg bevat",
        "no CBS data for {year}: built in are {years}; for another year give a folder with "
        "--geodata that holds PDOK's cbsgebiedsindelingen{year}.gpkg",
    ),
    "src_line": (
        "Bron: CBS; grenzen {bdate} (gegeneraliseerd, oppervlakten bij benadering); "
        "inwoners {inh}",
        "Bron: CBS (Statistics Netherlands); boundaries {bdate} (generalised, areas "
        "approximate); inhabitants {inh}",
    ),
    "note_split": (
        "{name} is per {date} gesplitst; het grootste deel ({share}%) ging naar {target} "
        "({code}), de rest naar {others}",
        "{name} was divided on {date}; the largest part ({share}%) went to {target} ({code}), "
        "the rest to {others}",
    ),
    "cmp_mergers": (
        "Herindelingen tot de peildatum {date} toegepast op de ledenlijsten ({n}): {items}",
        "Municipal changes up to the reference date {date} applied to the member lists ({n}): "
        "{items}",
    ),
    "src_inh": ("{idate} ({table})", "{idate} ({table})"),
    "src_inh_nearest": (
        "{idate} ({table}; geen cijfers voor {bdate}, dichtstbijzijnde jaar gebruikt)",
        "{idate} ({table}; no figures for {bdate}, nearest year used)",
    ),
    "src_inh_none": ("onbekend", "unknown"),
    "date_format": (
        "peildatum {value!r} is geen datum JJJJ-MM-DD", "reference date {value!r} is not YYYY-MM-DD"
    ),
    "download_failed": (
        "downloaden mislukt ({reason}); niets opgeslagen",
        "download failed ({reason}); nothing stored",
    ),
    "download_too_large": (
        "bestand groter dan {limit} bytes; afgebroken, niets opgeslagen",
        "download larger than {limit} bytes; stopped, nothing stored",
    ),
    "download_interrupted": (
        "overdracht afgebroken na {got} van {total} bytes; niets opgeslagen",
        "transfer interrupted after {got} of {total} bytes; nothing stored",
    ),
    "checksum_mismatch": (
        "controlegetal klopt niet (verwacht {expected}, gekregen {actual}); bestand verworpen, "
        "niets opgeslagen",
        "checksum does not match (expected {expected}, got {actual}); file rejected, nothing "
        "stored",
    ),
    "url_scheme": ("adres {url!r} is geen http- of https-adres",
                   "address {url!r} is not an http or https address"),
    "url_no_year": ("adres {url!r} bevat geen {{year}}", "address {url!r} holds no {{year}}"),
    "odata_not_json": (
        "antwoord van de CBS-API is geen JSON (een foutpagina?); niets opgeslagen",
        "the CBS API's answer is not JSON (an error page?); nothing stored",
    ),
    "odata_shape": (
        "antwoord van de CBS-API heeft niet de vorm van OData ('value' met rijen); niets "
        "opgeslagen",
        "the CBS API's answer is not shaped like OData ('value' with rows); nothing stored",
    ),
    "odata_pages": (
        "de CBS-API verdeelt het antwoord over meer dan {pages} pagina's; afgebroken, niets "
        "opgeslagen",
        "the CBS API splits its answer over more than {pages} pages; stopped, nothing stored",
    ),
    "odata_row": (
        "rij {row} van de CBS-API is geen gemeente met een aantal inwoners in tabel 03759ned; "
        "niets opgeslagen",
        "row {row} of the CBS API is not a municipality with a number of inhabitants in table "
        "03759ned; nothing stored",
    ),
    "inh_total": (
        "inwoners {year}: de gemeenten tellen op tot {sum}, het CBS-totaal voor Nederland is "
        "{total}",
        "inhabitants {year}: the municipalities add up to {sum}, CBS's total for the "
        "Netherlands is {total}",
    ),
    "inh_not_table": (
        "geen inwonertabel: verwacht CBS-tabel 03759ned als CSV (kolommen RegioS, Perioden, "
        "BevolkingOp1Januari_1) of de ruwe tabel bevolking_1_januari.csv",
        "not an inhabitants table: expected CBS table 03759ned as CSV (columns RegioS, "
        "Perioden, BevolkingOp1Januari_1) or the raw table bevolking_1_januari.csv",
    ),
    "inh_mismatch": (
        "inwoners {year} passen niet bij de gemeenten van de grenzen {year} (ontbreken: "
        "{missing}; onbekend: {extra})",
        "inhabitants {year} do not fit the municipalities of the boundaries {year} (missing: "
        "{missing}; unknown: {extra})",
    ),
    "import_nothing": (
        "niets te importeren: verwacht cbsgebiedsindelingen<JAAR>.gpkg van PDOK of een "
        "CBS-inwonertabel (CSV)",
        "nothing to import: expected PDOK's cbsgebiedsindelingen<YEAR>.gpkg or a CBS "
        "inhabitants table (CSV)",
    ),
    "cache_damaged": (
        "{reason}: verwijderd uit de cache ({files}); haal het jaar opnieuw op met "
        "'cultuurregio data download JAAR' of 'data import MAP'",
        "{reason}: removed from the cache ({files}); fetch the year again with "
        "'cultuurregio data download YEAR' or 'data import FOLDER'",
    ),
    "cache_checksum": ("controlegetal klopt niet met herkomst.json",
                       "checksum does not match herkomst.json"),
    "cache_record_missing": ("niet vermeld in herkomst.json", "not listed in herkomst.json"),
    "cache_record_damaged": ("herkomst.json is beschadigd", "herkomst.json is damaged"),
    "csv_cells": (
        "regel {line}: {n} van de {expected} velden die de kop noemt",
        "line {line}: {n} of the {expected} fields the header names",
    ),
    "csv_long_cell": (
        "regel {line}: een veld is langer dan {limit} tekens",
        "line {line}: a field is longer than {limit} characters",
    ),
    "csv_rows": ("meer dan {limit} regels", "more than {limit} lines"),
    "inh_no_total": (
        "inwoners {year}: het CBS-totaal voor Nederland (RegioS NL01) ontbreekt, zodat de som "
        "niet te controleren is; neem Nederland op in de selectie",
        "inhabitants {year}: CBS's total for the Netherlands (RegioS NL01) is missing, so the "
        "sum cannot be checked; include the Netherlands in the selection",
    ),
    "odata_rows": ("de CBS-API geeft meer dan {limit} rijen; afgebroken, niets opgeslagen",
                   "the CBS API returns more than {limit} rows; stopped, nothing stored"),
    "download_slow": (
        "overdracht duurt langer dan {seconds} s; afgebroken, niets opgeslagen",
        "transfer takes longer than {seconds} s; stopped, nothing stored",
    ),
    "url_redirect": ("doorverwezen naar {url!r}, geen http- of https-adres; niets opgeslagen",
                     "redirected to {url!r}, not an http or https address; nothing stored"),
    "url_braces": ("adres {url!r} bevat accolades buiten {{year}}",
                   "address {url!r} holds braces other than {{year}}"),
    "data_bad_year": ("jaar {value!r} is geen jaartal van {first} tot en met {last}",
                      "year {value!r} is not a year from {first} to {last}"),
    "data_bad_sha256": ("--sha256 {value!r} is geen sha256-controlegetal (64 hexadecimale "
                        "tekens)", "--sha256 {value!r} is not a sha256 checksum (64 hexadecimal "
                        "characters)"),
    # --- cultuurregio data -------------------------------------------------------------
    "data_embedded": ("Ingebouwd ({folder}):", "Embedded ({folder}):"),
    "data_cache": ("Cache ({folder}):", "Cache ({folder}):"),
    "data_cache_empty": (
        "Cache ({folder}): leeg; vul hem met 'cultuurregio data download JAAR' of "
        "'cultuurregio data import MAP'",
        "Cache ({folder}): empty; fill it with 'cultuurregio data download YEAR' or "
        "'cultuurregio data import FOLDER'",
    ),
    "data_row": ("  {file}  {kind} {date}  {source}\n      sha256 {sha256}  {status}",
                 "  {file}  {kind} {date}  {source}\n      sha256 {sha256}  {status}"),
    "data_ok": ("in orde", "ok"),
    "data_bad": ("BESCHADIGD: {reason}", "DAMAGED: {reason}"),
    "data_kind_boundaries": ("grenzen", "boundaries"),
    "data_kind_inhabitants": ("inwoners", "inhabitants"),
    "data_kind_places": ("woonplaatsen", "places"),
    "data_kind_mergers": ("herindelingen", "mergers"),
    "data_credit": ("Bron: CBS (CC BY 4.0); kaart en cijfers vermelden de datum van grenzen en "
                    "inwoners", "Source: CBS (CC BY 4.0); maps and figures state the date of "
                    "boundaries and inhabitants"),
    "data_downloaded": ("Opgehaald: grenzen {year} (PDOK){inh}",
                        "Fetched: boundaries {year} (PDOK){inh}"),
    "data_with_inh": (" en inwoners {year} (CBS 03759ned)",
                      " and inhabitants {year} (CBS 03759ned)"),
    "data_no_inh": (
        "; CBS heeft nog geen inwoners voor 1 januari {year}: analyses gebruiken het "
        "dichtstbijzijnde jaar en vermelden dat",
        "; CBS has no inhabitants for 1 January {year} yet: analyses use the nearest year "
        "and say so",
    ),
    "data_imported": ("Geïmporteerd: {items}", "Imported: {items}"),
    "data_ignored": ("Overgeslagen (geen PDOK-GeoPackage of inwonertabel): {items}",
                     "Left aside (not a PDOK GeoPackage or inhabitants table): {items}"),
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
    "sum_covered": ("Gedekt:       {n}, {inh} inwoners ({pct})",
                    "Covered:      {n}, {inh} inhabitants ({pct})"),
    "sum_uncovered": ("Niet gedekt:  {n}, {inh} inwoners, {clusters}",
                      "Uncovered:    {n}, {inh} inhabitants, {clusters}"),
    "sum_double": ("Dubbel gedekt: {n}: {items}",
                   "Doubly covered: {n}: {items}"),
    "sum_landsdeel": (
        "{name}: {n} buiten CBS-landsdeel {cbs}{items}",
        "{name}: {n} outside CBS landsdeel {cbs}{items}",
    ),
    "sum_notes": ("Naamopmerkingen: {n} (zie 'notes' in analyse.json)",
                  "Name notes: {n} (see notes in analyse.json)"),
    "sum_written": ("Geschreven: {files}", "Written: {files}"),
    # --- maps --------------------------------------------------------------------------
    "map_title": (
        "Cultuurregio's {registry}: dekking {mode}, peildatum {date}",
        "Culture regions {registry}: coverage {mode}, reference date {date}",
    ),
    "map_legend": ("Dekking per gemeente", "Coverage per municipality"),
    "map_class_geen": ("geen cultuurregio", "no culture region"),
    "map_class_een": ("één cultuurregio", "one culture region"),
    "map_class_meer": ("twee of meer cultuurregio's", "two or more culture regions"),
    "map_legend_count": ("{count}, {inh} inwoners", "{count}, {inh} inhabitants"),
    "map_layer_municipalities": ("Dekking per gemeente", "Coverage per municipality"),
    "map_layer_provinces": ("Provinciegrenzen", "Province borders"),
    "map_layer_groupings": ("Landsdeel-groeperingen", "Landsdeel groupings"),
    "map_layer_gaps": ("Witte vlekken (buiten elke regio)",
                       "Gap clusters (outside every region)"),
    "map_layer_basemap": ("Achtergrondkaart (online)", "Base map (online)"),
    "map_region_layer": ("Regio: {name}", "Region: {name}"),
    "map_gap_label": ("Witte vlek {number}: {name} ({n})", "Gap cluster {number}: {name} ({n})"),
    "map_search": ("Zoek gemeente of CBS-code", "Find municipality or CBS code"),
    "map_status": ("Status", "Status"),
    "map_code": ("CBS-code", "CBS code"),
    "map_province": ("Provincie", "Province"),
    "map_inhabitants": ("Inwoners", "Inhabitants"),
    "map_regions": ("Cultuurregio's", "Culture regions"),
    "map_none": ("geen cultuurregio", "no culture region"),
    "map_note": ("Opmerking", "Note"),
    "map_basis_listed": ("als lid genoemd", "listed as member"),
    "map_basis_province": ("via lidprovincie", "via member province"),
    "map_basis_declared": ("verklaard werkgebied", "declared territory"),
    # --- map page (maps helper, issue 12) --------------------------------------------------
    "map_not_found": ("Geen gemeente gevonden", "No municipality found"),
    "map_panel_layers": ("Kaartlagen", "Map layers"),
    "map_all_on": ("alles aan", "all on"),
    "map_all_off": ("alles uit", "all off"),
    "val_panel_title": ("Oordeel per voorstel", "Verdict per proposal"),
    # --- validation ----------------------------------------------------------------------
    "val_header": (
        "Toetsing van {k} aan register {registry}, dekking '{mode}', peildatum {date}",
        "Validation of {k} against registry {registry}, coverage '{mode}', "
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
        "{n} niet herkend", "{n} not recognised"
    ),
    "val_members_empty": ("het voorstel heeft geen gebied", "the proposal has no territory"),
    "val_members_notes": (
        "{n} herkend, met opmerkingen", "{n} recognised, with notes"
    ),
    "val_members_ok": ("alle gemeenten herkend ({n})", "every municipality recognised ({n})"),
    "val_contiguous": ("aaneengesloten gebied (1 deel)", "contiguous territory (1 piece)"),
    "val_island": (
        "{name} is via water verbonden (eiland)", "{name} is joined across water (island)"
    ),
    "val_pieces": ("niet aaneengesloten: {n} delen", "not contiguous: {n} pieces"),
    "val_piece": ("deel {i}: {names}", "piece {i}: {names}"),
    "val_overlap": (
        "{n} al in een andere regio", "{n} already in another region"
    ),
    "val_overlap_item": ("{name} ({code}): {regions}", "{name} ({code}): {regions}"),
    "val_no_overlap": ("geen overlap met bestaande regio's", "no overlap with existing regions"),
    "val_covers": (
        "dekt {n}, {inh} inwoners",
        "covers {n}, {inh} inhabitants",
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
        "{k} samen: dekking voor {n}",
        "{k} together: coverage for {n}",
    ),
    "val_remaining": (
        "daarna nog niet gedekt: {n} gemeenten, {inh} inwoners; per provincie (voor → na): "
        "{where}",
        "still uncovered afterwards: {n} municipalities, {inh} inhabitants; per province "
        "(before → after): {where}",
    ),
    "val_remaining_corop": ("per COROP-gebied (voor → na): {where}",
                            "per COROP area (before → after): {where}"),
    "val_overlap_among": ("voorstellen {a} en {b} delen {n}",
                          "proposals {a} and {b} share {n}"),
    "val_map_heading": (
        "Voorstellen over de huidige dekking ({registry}): dekking {mode}, peildatum {date}",
        "Proposals over current coverage ({registry}): coverage {mode}, reference date {date}",
    ),
    "val_layer": ("Voorstel: {name}", "Proposal: {name}"),
    # --- comparison ------------------------------------------------------------------------
    "cmp_title": (
        "Vergelijking {a} → {b}: dekking '{mode}', peildatum {date}",
        "Comparison {a} → {b}: coverage '{mode}', reference date {date}",
    ),
    "cmp_regions": (
        "Regio's: {na} → {nb}; erbij: {added}; eraf: {removed}; hernoemd: {renamed}",
        "Regions: {na} → {nb}; added: {added}; removed: {removed}; renamed: {renamed}",
    ),
    "cmp_members": (
        "Ledenwijzigingen in bestaande regio's: {items}",
        "Membership changes in existing regions: {items}",
    ),
    "cmp_member_item": ("{region}: +{joined} / -{left}", "{region}: +{joined} / -{left}"),
    "cmp_coverage": (
        "Dekking: {nb_} → {na_} gemeenten ({pb} → {pa} van de inwoners)",
        "Coverage: {nb_} → {na_} municipalities ({pb} → {pa} of inhabitants)",
    ),
    "cmp_gained": (
        "Nieuw gedekt: {n}, {inh} inwoners; per provincie: {where}",
        "Newly covered: {n}, {inh} inhabitants; per province: {where}",
    ),
    "cmp_lost": ("Dekking verloren: {n}, {inh} inwoners{items}; per provincie: {where}",
                 "Coverage lost: {n}, {inh} inhabitants{items}; per province: {where}"),
    "cmp_by_corop": (
        "Per COROP-gebied (erbij / eraf): {where}",
        "Per COROP area (gained / lost): {where}",
    ),
    "cmp_doubles": (
        "Dubbele lidmaatschappen: {nb_} → {na_} (erbij {appeared}, eraf {disappeared})",
        "Double memberships: {nb_} → {na_} (appeared {appeared}, disappeared {disappeared})",
    ),
    "cmp_remaining": (
        "Witte vlekken die blijven: {n}, {inh} inwoners; per COROP-gebied: {where}",
        "Gaps that remain: {n}, {inh} inhabitants; per COROP area: {where}",
    ),
    "cmp_class_gewonnen": ("dekking gewonnen", "coverage gained"),
    "cmp_class_verloren": ("dekking verloren", "coverage lost"),
    "cmp_class_gedekt": ("gedekt, ongewijzigd", "covered, unchanged"),
    "cmp_class_niet": ("niet gedekt, ongewijzigd", "uncovered, unchanged"),
    "cmp_legend": ("Verandering in dekking", "Change in coverage"),
    "cmp_map_heading": (
        "Verandering in dekking {a} → {b}: dekking {mode}, peildatum {date}",
        "Change in coverage {a} → {b}: coverage {mode}, reference date {date}",
    ),
    # --- report ----------------------------------------------------------------------------
    "col_dekking": ('Dekking', 'Coverage'),
    "col_alle": ('Alle', 'All'),
    "col_gedekt": ('Gedekt', 'Covered'),
    "col_niet_gedekt": ('Niet gedekt', 'Uncovered'),
    "col_dubbel": ('Dubbel', 'Double'),
    "col_gemeenten": ('Gemeenten', 'Municipalities'),
    "col_inwoners": ('Inwoners', 'Inhabitants'),
    "col_oppervlakte_km2": ('Oppervlakte (km²)', 'Area (km²)'),
    "col_code": ('Code', 'Code'),
    "col_naam": ('Naam', 'Name'),
    "col_inwoners_niet_gedekt": ('Inwoners niet gedekt', 'Inhabitants uncovered'),
    "col_aandeel_gedekt": ('Aandeel inwoners gedekt', 'Share of inhabitants covered'),
    "col_km2_niet_gedekt": ('km² niet gedekt', 'km² uncovered'),
    "col_id": ('Id', 'Id'),
    "col_regios": ("Regio's", 'Regions'),
    "col_cbs_landsdeel": ('CBS-landsdeel', 'CBS landsdeel'),
    "col_buiten_cbs_landsdeel": ('Buiten CBS-landsdeel', 'Outside CBS landsdeel'),
    "col_buiten_namen": ('Gemeenten buiten', 'Municipalities outside'),
    "col_niet_in_groepering": ('CBS-landsdeel niet in groepering', 'CBS landsdeel not in grouping'),
    "col_provincie": ('Provincie', 'Province'),
    "col_cluster": ('Witte vlek', 'Gap cluster'),
    "col_eilanden": ('Eilanden', 'Islands'),
    "col_namen": ('Gemeentenamen', 'Municipality names'),
    "col_dekkingswijze": ('Dekking', 'Coverage'),
    "col_genoemd": ('Genoemde gemeenten', 'Listed municipalities'),
    "col_provincies": ('Lidprovincies', 'Member provinces'),
    "col_voor": ('Niet gedekt voor', 'Uncovered before'),
    "col_na": ('Niet gedekt na', 'Uncovered after'),
    "col_gewonnen": ('Nieuw gedekt', 'Newly covered'),
    "col_verloren": ('Dekking verloren', 'Coverage lost'),
    "col_inwoners_voor": ('Inwoners niet gedekt voor', 'Inhabitants uncovered before'),
    "col_inwoners_na": ('Inwoners niet gedekt na', 'Inhabitants uncovered after'),
    "col_wijziging": ('Wijziging', 'Change'),
    "col_wijze": ('Dekkingswijze', 'Coverage mode'),
    "col_listed": ("Regio's bij dekking 'leden'", "Regions under 'listed'"),
    "col_declared": ("Regio's bij dekking 'verklaard'", "Regions under 'declared'"),
    "col_provinces": ("Regio's bij dekking 'provincies'", "Regions under 'provinces'"),
    "col_corop": ('COROP-gebied', 'COROP area'),
    "col_landsdeel": ('Landsdeel', 'Landsdeel'),
    "col_aantal_regios": ("Aantal regio's", 'Number of regions'),
    "col_basis": ('Grondslag', 'Basis'),
    "col_bron": ('Bron', 'Source'),
    "col_dekking_bron": ('Bron van de dekking', 'Source of the coverage claim'),
    "col_toelichting": ('Toelichting', 'Explanation'),
    "col_regio": ('Regio', 'Region'),
    "col_geschreven": ('Zoals geschreven', 'As written'),
    "col_reden": ('Reden', 'Reason'),
    "col_melding": ('Melding', 'Message'),
    "col_gegeven": ('Gegeven', 'Item'),
    "col_waarde": ('Waarde', 'Value'),
    "col_periode": ('Periode', 'Period'),
    "rep_title": (
        "Cultuurregio's: wie is gedekt, wie niet, wie dubbel?",
        'Culture regions: who is covered, who is not, who twice?',
    ),
    "rep_subtitle": (
        "Register {registry}{period}; dekkingswijze '{mode}'; peildatum {date}",
        "Registry {registry}{period}; coverage mode '{mode}'; reference date {date}",
    ),
    "rep_headline_covered": (
        'van de inwoners woont in een cultuurregio',
        'of inhabitants live in a culture region',
    ),
    "rep_headline_uncovered": (
        '{noun} in geen enkele regio ({inh} inwoners, {clusters})',
        '{noun} in no region ({inh} inhabitants, {clusters})',
    ),
    "rep_headline_double": (
        "{noun} in twee of meer regio's",
        '{noun} in two or more regions',
    ),
    "rep_headline_regions": (
        "{noun} op {n} gemeenten",
        '{noun} over {n} municipalities',
    ),
    "rep_map": (
        'Kaart',
        'Map',
    ),
    "rep_map_intro": (
        'Dekking per gemeente; zwart gestippeld omlijnd: witte vlekken. De interactieve kaart staat in {link}.',
        'Coverage per municipality; dotted black outline: gap clusters. The interactive map is {link}.',
    ),
    "rep_appendix": ("Bijlage: lange lijsten", "Appendix: long lists"),
    "rep_workbook": (
        "Alle tabellen staan ook in de werkmap {file}, met daarnaast: {tables}.",
        "Every table is also in the workbook {file}, which adds: {tables}.",
    ),
    "rep_contents": (
        'Inhoud',
        'Contents',
    ),
    "rep_kerncijfers": (
        'Kerncijfers',
        'Headline figures',
    ),
    "rep_kerncijfers_intro": (
        "Gemeenten, inwoners en oppervlakte naar dekking (dekkingswijze '{mode}'). 'Dubbel' telt gemeenten in twee of meer regio's; zij tellen ook mee als gedekt.",
        "Municipalities, inhabitants and area by coverage (mode '{mode}'). 'Double' counts municipalities in two or more regions; they also count as covered.",
    ),
    "rep_provincies": (
        'Per provincie',
        'Per province',
    ),
    "rep_provincies_intro": (
        'Dekking per provincie.',
        'Coverage per province.',
    ),
    "rep_landsdelen": (
        'Per CBS-landsdeel',
        'Per CBS landsdeel',
    ),
    "rep_landsdelen_intro": (
        'Dekking per landsdeel van het CBS (Noord, Oost, West, Zuid).',
        'Coverage per CBS landsdeel (North, East, West, South).',
    ),
    "rep_groeperingen": (
        'Landsdeel-groeperingen',
        'Landsdeel groupings',
    ),
    "rep_groeperingen_intro": (
        "Groeperingen van regio's en hun toets aan het overeenkomende CBS-landsdeel: gemeenten erbuiten, en gemeenten van het CBS-landsdeel die in geen van de regio's vallen.",
        'Groupings of regions checked against the matching CBS landsdeel: municipalities outside it, and municipalities of the CBS landsdeel in none of the regions.',
    ),
    "rep_niet_gedekt": (
        'Niet gedekte gemeenten',
        'Uncovered municipalities',
    ),
    "rep_niet_gedekt_intro": (
        '{n} in geen enkele cultuurregio.',
        '{n} in no culture region.',
    ),
    "rep_gatclusters": (
        'Witte vlekken',
        'Gap clusters',
    ),
    "rep_gatclusters_intro": (
        '{n}: groepen niet gedekte gemeenten die over land aan elkaar grenzen, genoemd naar hun COROP-gebieden (of provincies); een eiland sluit aan bij het dichtstbijzijnde deel binnen {tolerance} m, vasteland nooit over het water.',
        '{n}: groups of uncovered municipalities joined by land borders, named after their COROP areas (or provinces); an island joins the nearest part within {tolerance} m, mainland never across water.',
    ),
    "rep_dubbel": (
        'Dubbele lidmaatschappen',
        'Double memberships',
    ),
    "rep_dubbel_intro": (
        "Gemeenten die tot twee of meer regio's behoren.",
        'Municipalities that belong to two or more regions.',
    ),
    "rep_regios": (
        "Omvang van de regio's",
        'Size of the regions',
    ),
    "rep_regios_intro": (
        "Regio's naar aantal inwoners in hun gebied onder de gekozen dekkingswijze.",
        'Regions by inhabitants in their territory under the chosen coverage mode.',
    ),
    "rep_vergelijking": (
        'Vergelijking van perioden',
        'Comparison of periods',
    ),
    "rep_vergelijking_intro": (
        "Van {a} naar {b}: regio's erbij: {added}; nieuw gedekt: {gained}; dekking verloren: {lost}; daarna buiten elke regio: {remaining}. Per provincie:",
        'From {a} to {b}: regions added: {added}; newly covered: {gained}; coverage lost: {lost}; afterwards outside every region: {remaining}. Per province:',
    ),
    "rep_vergelijking_gemeenten": (
        'Gemeenten die dekking winnen of verliezen',
        'Municipalities gaining or losing coverage',
    ),
    "rep_vergelijking_gemeenten_intro": (
        'Van {a} naar {b}.',
        'From {a} to {b}.',
    ),
    "rep_wijzen": (
        'Gevoeligheid voor de dekkingswijze',
        'Sensitivity to the coverage mode',
    ),
    "rep_wijzen_intro": (
        "De bronnen zijn het niet eens over wat een lidprovincie betekent: We the North omvat zijn drie provincies, maar het lidmaatschap van Gelderland in 025 Arnhem Nijmegen dekt de Achterhoek niet. '{listed}' telt alleen genoemde gemeenten, '{declared}' het gebied dat een regio claimt (met bron), '{provinces}' laat een lidprovincie al haar gemeenten dekken. {n} wisselen van regio's tussen deze wijzen.",
        "The sources disagree on what a member province means: We the North covers its three provinces, but Gelderland's membership of 025 Arnhem Nijmegen does not cover the Achterhoek. '{listed}' counts only named municipalities, '{declared}' the territory a region claims (with a source), '{provinces}' lets a member province cover all its municipalities. {n} change regions between these modes.",
    ),
    "rep_wijzen_gemeenten": (
        'Gemeenten die per dekkingswijze verschillen',
        'Municipalities that differ per coverage mode',
    ),
    "rep_wijzen_gemeenten_intro": (
        "Hun regio's onder elke wijze.",
        'Their regions under each mode.',
    ),
    "rep_bronnen_regios": (
        'Bronnen per regio',
        'Sources per region',
    ),
    "rep_bronnen_regios_intro": (
        'Het brondocument van elke regio en van elke ruimere dekkingsclaim.',
        'The source document of each region and of each wider coverage claim.',
    ),
    "rep_naamopmerkingen": (
        'Naamopmerkingen',
        'Name-resolution notes',
    ),
    "rep_naamopmerkingen_intro": (
        'Namen die niet letterlijk zijn overgenomen: aliassen, schrijfwijzen, samengevoegde gemeenten, dubbele vermeldingen.',
        'Names not taken literally: aliases, spellings, merged municipalities, duplicates.',
    ),
    "rep_bronnen": (
        'Bronnen en herkomst van de gegevens',
        'Sources and data provenance',
    ),
    "rep_bronnen_intro": (
        'Grenzen, oppervlakten en inwoners: CBS open data (CC BY 4.0).',
        'Boundaries, areas and inhabitants: CBS open data (CC BY 4.0).',
    ),
    "rep_prov_boundaries": (
        'Gemeentegrenzen',
        'Municipal boundaries',
    ),
    "rep_prov_inhabitants": (
        'Inwoners',
        'Inhabitants',
    ),
    "rep_prov_date": (
        'Peildatum',
        'Reference date',
    ),
    "rep_prov_registry": (
        'Register',
        'Registry',
    ),
    "rep_prov_period": (
        'Periode',
        'Period',
    ),
    "rep_prov_mode": (
        'Dekkingswijze',
        'Coverage mode',
    ),
    "rep_prov_tolerance": (
        'Afstand voor aangrenzend',
        'Adjacency distance',
    ),
    "rep_prov_tool": (
        'Gemaakt met',
        'Made with',
    ),
    "rep_prov_registry_sha256": ("Controlegetal register (sha256)", "Registry checksum (sha256)"),
    "gpkg_style": ("opgemaakt zoals de kaart van cultuurregio ({layer})",
                   "styled like cultuurregio's map ({layer})"),
    "rep_prov_attribution": ("Naamsvermelding", "Attribution"),
    "rep_prov_period_item": (
        'Periode in register',
        'Period in registry',
    ),
    "rep_prov_document": ('Brondocument', 'Source document'),
    "rep_gemeenten": ('Alle gemeenten', 'All municipalities'),
    "rep_gemeenten_intro": (
        '{n} met hun dekking.', '{n} with their coverage.'
    ),
    # sheet names of the workbook (at most 31 characters, none of []:*?/\)
    "sheet_kerncijfers": ("Kerncijfers", "Headline figures"),
    "sheet_provincies": ("Per provincie", "Per province"),
    "sheet_landsdelen": ("Per landsdeel", "Per landsdeel"),
    "sheet_groeperingen": ("Landsdeelgroeperingen", "Landsdeel groupings"),
    "sheet_gatclusters": ("Witte vlekken", "Gap clusters"),
    "sheet_dubbel": ("Dubbel gedekt", "Double memberships"),
    "sheet_regios": ("Regio's", "Regions"),
    "sheet_vergelijking": ("Vergelijking", "Comparison"),
    "sheet_vergelijking_gemeenten": ("Vergelijking per gemeente", "Comparison by municipality"),
    "sheet_wijzen": ("Dekkingswijzen", "Coverage modes"),
    "sheet_bronnen_regios": ("Bronnen per regio", "Sources per region"),
    "sheet_bronnen": ("Bronnen", "Sources"),
    "sheet_niet_gedekt": ("Niet gedekt", "Uncovered"),
    "sheet_wijzen_gemeenten": ("Dekkingswijzen per gemeente", "Coverage modes by municipality"),
    "sheet_naamopmerkingen": ("Naamopmerkingen", "Name notes"),
    "sheet_gemeenten": ("Gemeenten", "Municipalities"),
    "sheet_onderbouwing": ("Onderbouwing", "Evidence"),
    # how a region claims its territory (registry `dekking`)
    "claimkind_citaat": ("citaat", "quotation"),
    "claimkind_afleiding": ("afleiding", "inference"),
    "claimkind_aanname": ("aanname", "assumption"),
    "claimtopic_regio": ("regio", "region"),
    "claimtopic_leden": ("leden", "member list"),
    "claimtopic_dekking": ("dekking", "coverage"),
    "claim_leden": ("genoemde gemeenten", "listed municipalities"),
    "claim_provincies": ("lidprovincies", "member provinces"),
    "claim_corop": ("COROP-gebieden", "COROP areas"),
    "claim_gemeenten": ("opgegeven gemeenten", "given municipalities"),
    # why a name was not taken literally
    "reason_alias": ("andere naam", "alias"),
    "reason_variant": ("schrijfwijze", "spelling variant"),
    "reason_merged": ("samengevoegd", "merged"),
    "reason_duplicate": ("dubbel genoemd", "listed twice"),
    # --- command-line help (documents): follows --lang, else the locale --------------------
    "help_usage": ("gebruik: ", "usage: "),
    "help_positionals": ("argumenten", "arguments"),
    "help_optionals": ("opties", "options"),
    "help_commands": ("opdrachten", "commands"),
    "help_help": ("toon deze hulp en stop", "show this help and exit"),
    "help_version": ("toon de versie en stop", "show the version and exit"),
    "help_description": (
        "Dekking van de Nederlandse cultuurregio's op CBS-gemeentegrenzen: wie is gedekt, wie "
        "niet (witte vlekken), wie dubbel.",
        "Coverage of the Dutch culture regions on CBS municipal boundaries: who is covered, "
        "who is not (gap clusters), who twice.",
    ),
    "help_meta_file": ("BESTAND", "FILE"),
    "help_meta_folder": ("MAP", "FOLDER"),
    "help_meta_year": ("JAAR", "YEAR"),
    "help_meta_period": ("PERIODE", "PERIOD"),
    "help_meta_date": ("JJJJ-MM-DD", "YYYY-MM-DD"),
    "help_meta_metres": ("METER", "METRES"),
    "help_registry": ("regioregister (YAML); standaard: het ingebouwde",
                      "region registry (YAML); default: the embedded one"),
    "help_geodata": (
        "map met CBS-gebiedsindelingen (anders CULTUURREGIO_GEODATA, anders de ingebouwde "
        "gegevens en de cache)",
        "folder with CBS area divisions (else CULTUURREGIO_GEODATA, else the embedded data "
        "and the cache)",
    ),
    "help_periode": (
        "beleidsperiode uit het register (standaard: de 'standaard_periode' van het register; "
        "'alle' voor alle regio's)",
        "policy period from the registry (default: the registry's 'standaard_periode'; "
        "'alle' for every region)",
    ),
    "help_coverage": ("dekkingswijze (standaard: {default}; ook: {other})",
                      "coverage mode (default: {default}; also: {other})"),
    "help_date": (
        "peildatum (standaard: 1 januari van het eerste jaar van de periode: 2018 op 380 "
        "gemeenten, 2021-2024 op 352, 2025-2028 op 342)",
        "reference date (default: 1 January of the period's first year: 2018 on 380 "
        "municipalities, 2021-2024 on 352, 2025-2028 on 342)",
    ),
    "help_out": ("uitvoermap (standaard: %(default)s)", "output folder (default: %(default)s)"),
    "help_tolerance": (
        "afstand in meter waarbinnen gebieden als buren gelden voor witte vlekken "
        "(standaard: %(default)s)",
        "distance in metres within which areas count as neighbours for gap clusters "
        "(default: %(default)s)",
    ),
    "help_lang": ("taal van de uitvoer (nl: Nederlands, en: Engels)",
                  "language of the output (nl: Dutch, en: English)"),
    "help_sources_only": (
        "laat alles weg wat in het register als aanname is gemarkeerd (regio's, ledenlijsten, "
        "verklaarde dekking) en reken opnieuw",
        "leave out everything the registry marks as an assumption (regions, member lists, "
        "declared coverage) and recompute",
    ),
    "help_offline": (
        "kaart zonder online achtergrondkaart (de kaart laadt nooit scripts van internet)",
        "map without the online base map (the map never loads scripts from the internet)",
    ),
    "help_cmd_analyse": ("dekking, witte vlekken en dubbele lidmaatschappen",
                         "coverage, gap clusters and double memberships"),
    "help_kaart_flag": ("schrijf ook kaart.html en kaart.png",
                        "also write kaart.html and kaart.png"),
    "help_cmd_kaart": ("interactieve kaart (HTML) en vaste kaart (PNG)",
                       "interactive map (HTML) and static map (PNG)"),
    "help_cmd_valideer": ("toets voorgestelde regio's aan de huidige kaart",
                          "check proposed regions against the current map"),
    "help_files": ("een of meer voorstellen in het regioformaat van het register (YAML)",
                   "one or more proposals in the registry's region format (YAML)"),
    "help_cmd_rapport": ("rapport (HTML), werkmap (Excel) en GeoPackage",
                         "report (HTML), workbook (Excel) and GeoPackage"),
    "help_vergelijk_opt": (
        "te vergelijken perioden of registers (standaard: de laatste twee perioden van het "
        "register)",
        "periods or registries to compare (default: the registry's last two periods)",
    ),
    "help_cmd_vergelijk": ("vergelijk twee perioden of registers",
                           "compare two periods or registries"),
    "help_side": ("periode uit het register, of een registerbestand",
                  "period from the registry, or a registry file"),
    "help_cmd_data": (
        "CBS-gegevens: zonder opdracht een overzicht van wat ingebouwd en in de cache staat, "
        "met bron, datum en controlegetal",
        "CBS data: without a command, a list of what is embedded and cached, with source, "
        "date and checksum",
    ),
    "help_cmd_data_list": ("overzicht van de CBS-gegevens (standaard)",
                           "list the CBS data (the default)"),
    "help_cmd_data_download": (
        "haal grenzen (PDOK, cbsgebiedsindelingen<JAAR>.gpkg) en inwoners (CBS-tabel "
        "03759ned) van een jaar op en bewaar ze compact in de cache",
        "fetch a year's boundaries (PDOK, cbsgebiedsindelingen<YEAR>.gpkg) and inhabitants "
        "(CBS table 03759ned) and keep them, compact, in the cache",
    ),
    "help_year": ("jaar (1 januari) van de grenzen", "year (1 January) of the boundaries"),
    "help_sha256": (
        "verwacht sha256-controlegetal van de GeoPackage; bij een afwijking wordt niets "
        "opgeslagen",
        "expected sha256 checksum of the GeoPackage; on a difference nothing is stored",
    ),
    "help_cmd_data_import": (
        "importeer zelf gedownloade bestanden (cbsgebiedsindelingen<JAAR>.gpkg, CBS-tabel "
        "03759ned als CSV) in de cache",
        "import files you downloaded yourself (cbsgebiedsindelingen<YEAR>.gpkg, CBS table "
        "03759ned as CSV) into the cache",
    ),
    "help_import_folder": ("map met de bestanden", "folder holding the files"),
    "help_cmd_data_build": (
        "bouw de ingebouwde gegevens (geodata/cbs) uit de officiële bestanden (voor "
        "ontwikkelaars)",
        "build the embedded data (geodata/cbs) from the official files (for developers)",
    ),
    "help_raw": (
        "map met cbsgebiedsindelingen<JAAR>.gpkg en de CBS-tabellen (standaard: "
        "../shared/geodata/cbs)",
        "folder with cbsgebiedsindelingen<YEAR>.gpkg and the CBS tables (default: "
        "../shared/geodata/cbs)",
    ),
    "arg_coverage": (
        "onbekende dekkingswijze {value!r}; kies 'leden', 'provincies' of 'verklaard' (of "
        "'listed', 'provinces', 'declared')",
        "unknown coverage mode {value!r}; choose 'listed', 'provinces' or 'declared' (or "
        "'leden', 'provincies', 'verklaard')",
    ),
    # --- coverage modes (documents): internal values are the English names -------------
    "mode_listed": ("leden", "listed"),
    "mode_provinces": ("provincies", "provinces"),
    "mode_declared": ("verklaard", "declared"),
    "doc_label": ("{title} ({kind}, {date}; bestand {file})",
                  "{title} ({kind}, {date}; file {file})"),
    # --- nouns with a count (documents): "singular|plural", rendered by counted() ---------
    "noun_municipality": ("gemeente|gemeenten", "municipality|municipalities"),
    "noun_region": ("regio|regio's", "region|regions"),
    "noun_proposal": ("voorstel|voorstellen", "proposal|proposals"),
    "noun_suggestion": ("voorstel|voorstellen", "suggestion|suggestions"),
    "noun_name": ("naam|namen", "name|names"),
    "noun_cluster": ("witte vlek|witte vlekken", "gap cluster|gap clusters"),
    "noun_piece": ("deel|delen", "piece|pieces"),
    "noun_uncovered": ("niet-gedekte gemeente|niet-gedekte gemeenten",
                       "uncovered municipality|uncovered municipalities"),
    "noun_problem": ("probleem|problemen", "problem|problems"),
    "noun_key": ("sleutel|sleutels", "key|keys"),
    "unknown_inhabitants": ("onbekend", "unknown"),
    "error_prefix": ("fout", "error"),
    # --- Python API and proposal composer (issue 14) -----------------------------------
    "comp_title": ("Voorstel samenstellen", "Compose a proposal"),
    "comp_help": (
        "Klik gemeenten aan of weg, of zoek er een en druk op Enter. De cijfers gelden voor de dekking van deze kaart; 'cultuurregio valideer' toetst het gedownloade voorstel volledig.",
        "Click municipalities to add or remove them, or search one and press Enter. The figures are against this map's coverage; 'cultuurregio valideer' checks the downloaded proposal in full.",
    ),
    "comp_name": ("Naam van de regio", "Name of the region"),
    "comp_add": ("Gemeente toevoegen", "Add municipality"),
    "comp_municipalities": ("Gemeenten", "Municipalities"),
    "comp_inhabitants": ("Inwoners", "Inhabitants"),
    "comp_uncovered": ("Nu niet gedekt", "Uncovered now"),
    "comp_uncovered_value": ("{n} gemeenten, {inh} inwoners", "{n} municipalities, {inh} inhabitants"),
    "comp_contiguity": ("Samenhang", "Contiguity"),
    "comp_contiguous": ("aaneengesloten (1 deel)", "contiguous (1 piece)"),
    "comp_pieces": ("niet aaneengesloten: {n} delen", "not contiguous: {n} pieces"),
    "comp_coverage": ("Landelijke dekking voor → na", "National coverage before → after"),
    "comp_overlap": ("Overlap met bestaande regio's", "Overlap with existing regions"),
    "comp_no_overlap": ("geen", "none"),
    "comp_remove": ("{name} weghalen", "remove {name}"),
    "comp_download": ("YAML-bestand opslaan", "Download as YAML"),
    "comp_added": ("{name} toegevoegd", "{name} added"),
    "comp_removed": ("{name} weggehaald", "{name} removed"),
    "comp_ambiguous": ("meerdere gemeenten: {names}", "several municipalities: {names}"),
    "comp_not_found": ("geen gemeente gevonden", "no municipality found"),
    "comp_basis": (
        "Bron: CBS; dekking en buren zoals op deze kaart.",
        "Bron: CBS (Statistics Netherlands); coverage and neighbours as on this map.",
    ),
    "comp_yaml_header": (
        "Voorstel, samengesteld op kaart.html; toets met: cultuurregio valideer BESTAND",
        "Proposal composed on kaart.html; check with: cultuurregio valideer FILE",
    ),
    "comp_yaml_registry": ("Register", "Registry"),
    "comp_yaml_period": ("Periode", "Period"),
    "comp_yaml_date": ("Peildatum", "Reference date"),
    "comp_yaml_mode": ("dekkingswijze", "coverage mode"),
    "comp_yaml_note": (
        "Samengesteld op de kaart van register {registry}, periode {period}, peildatum {date}.",
        "Composed on the map of registry {registry}, period {period}, reference date {date}.",
    ),
    "api_bad_option": (
        "{option} {value!r} is ongeldig; toegestaan: {allowed}",
        "{option} {value!r} is invalid; allowed: {allowed}",
    ),
    # --- advice helper (issue 15): white spots, claim strength, sources, advies ------------
    "reg_claim_kind": (
        "{where}: soort '{found}' is onbekend; toegestaan: {allowed}",
        "{where}: kind '{found}' is unknown; allowed: {allowed}",
    ),
    "sum_on_assumption": (
        "Op een aanname: {n} van de gedekte gemeenten ({inh} inwoners) zijn alleen gedekt via "
        "gegevens die als aanname zijn gemarkeerd; --alleen-bronnen rekent zonder",
        "On an assumption: {n} of the covered municipalities ({inh} inhabitants) are covered "
        "only through data marked as an assumption; --alleen-bronnen recomputes without",
    ),
    "sum_sources_only": (
        "Alleen bronnen: aannames weggelaten bij {n}: {items}",
        "Sources only: assumptions left out for {n}: {items}",
    ),
    "col_gebied": ("Gebied", "Area"),
    "col_onderwerp": ("Onderwerp", "Topic"),
    "col_soort": ("Soort", "Kind"),
    "col_citaat_of_redenering": ("Citaat, redenering of toelichting",
                                 "Quote, reasoning or note"),
    "rep_onderbouwing": ("Onderbouwing: bron, afleiding of aanname",
                         "Evidence: source, inference or assumption"),
    "rep_onderbouwing_intro": (
        "Per regio hoe sterk elke bewering is: dat de regio bestaat, haar ledenlijst en haar "
        "verklaarde dekking. Citaat: de woorden van de bron; afleiding: afgeleid uit de "
        "bronnen; aanname: niet door een bron gedragen. "
        "Op een aanname: {n} gedekte gemeenten ({inh} inwoners) zijn alleen gedekt via "
        "aannames. Weggelaten met --alleen-bronnen: {left_out}.",
        "For each region how strong each claim is: that the region exists, its member list "
        "and its declared coverage. Quotation: the source's words; inference: inferred from "
        "the sources; assumption: carried by no source. "
        "On an assumption: {n} covered municipalities ({inh} inhabitants) are covered only "
        "through assumptions. Left out with --alleen-bronnen: {left_out}.",
    ),
    "help_thema": (
        "dekking voor één programmalijn of thema: gedeeltelijke leden tellen alleen als ze "
        "daaraan meedoen",
        "coverage for one programme line or theme: partial members count only when they take "
        "part in it",
    ),
    "help_meta_theme": ("THEMA", "THEME"),
    "help_cmd_advies": ("voorstellen om de witte vlekken te dichten",
                        "suggestions to close the white spots"),
    "help_min_inwoners": ("minimaal aantal inwoners van een nieuwe regio (standaard: 100000)",
                          "minimum inhabitants of a new region (default: 100000)"),
    "help_vergelijk_met": (
        "regio's (registerformaat) om het advies mee te vergelijken, bijvoorbeeld de "
        "meegeleverde voorbeeldvoorstellen",
        "regions (registry format) to compare the advice with, for example the example "
        "proposals shipped with the package",
    ),
    "adv_bad_minimum": ("--min-inwoners moet 0 of meer zijn, niet {value}",
                        "--min-inwoners must be 0 or more, not {value}"),
    "adv_header": (
        "Advies: {k} voor {n} ({inh} inwoners); register {registry}, dekking '{mode}', "
        "peildatum {date}, minimum {min} inwoners per nieuwe regio",
        "Advice: {k} for {n} ({inh} inhabitants); registry {registry}, coverage '{mode}', "
        "reference date {date}, minimum {min} inhabitants per new region",
    ),
    "adv_new": (
        "{rank}. Nieuwe regio {name} ({id}): {n} gemeenten, {inh} inwoners, aaneengesloten; "
        "beste COROP-gebied {corop}, beste GGD-regio {ggd}{small}",
        "{rank}. New region {name} ({id}): {n} municipalities, {inh} inhabitants, contiguous; "
        "best COROP area {corop}, best GGD region {ggd}{small}",
    ),
    "adv_small": ("; kleiner dan het minimum van {min} inwoners en geen regio ernaast",
                  "; below the minimum of {min} inhabitants, with no region beside it"),
    "adv_extend": (
        "{rank}. Voeg {names} ({inh} inwoners) toe aan {name} ({id}): landgrenzen met de regio: "
        "{borders}, waarvan {corop} binnen hetzelfde COROP-gebied en {ggd} binnen dezelfde "
        "GGD-regio",
        "{rank}. Add {names} ({inh} inhabitants) to {name} ({id}): land borders with the "
        "region: {borders}, {corop} of them within the same COROP area and {ggd} within the same "
        "GGD region",
    ),
    "adv_file_header": (
        "Voorstel van 'cultuurregio advies' ({tool}): een aanname, geen bron. Toets het met:\n"
        "  cultuurregio valideer <dit bestand>",
        "Suggestion by 'cultuurregio advies' ({tool}): an assumption, not a source. Check it with:\n"
        "  cultuurregio valideer <this file>",
    ),
    "adv_agreement_heading": ("Overeenkomst met de opgegeven regio's (Jaccard op gemeenten):",
                              "Agreement with the given regions (Jaccard on municipalities):"),
    "adv_agreement": ("  {name}: best passend voorstel {best}, Jaccard {jaccard}",
                      "  {name}: best-matching suggestion {best}, Jaccard {jaccard}"),
    "adv_map_heading": (
        "Advies: voorstellen om de witte vlekken te dichten ({registry}, dekking '{mode}', "
        "peildatum {date})",
        "Advice: suggestions to close the white spots ({registry}, coverage '{mode}', "
        "reference date {date})",
    ),
    "adv_next": ("Toets de voorstellen met: cultuurregio valideer {folder}/*.yaml",
                 "Check the suggestions with: cultuurregio valideer {folder}/*.yaml"),
    "sum_covenants": (
        "Convenanten {period}: {signed} gesloten; nog niet gesloten: {pending}; bron: {source}",
        "Covenants {period}: {signed} signed; not yet signed: {pending}; source: {source}",
    ),
    "sum_bes": (
        "Landelijke cijfers gelden voor Europees Nederland: de BES-eilanden (Bonaire, Sint "
        "Eustatius, Saba) vallen buiten de systematiek van de cultuurregio's (002, noot 8)",
        "National figures are for the European Netherlands: the BES islands (Bonaire, Sint "
        "Eustatius, Saba) are outside the culture-region system (002, note 8)",
    ),
    "map_assumption_note": (
        "Op een aanname: {n} gedekte gemeenten ({inh} inwoners) zijn alleen gedekt via "
        "gegevens die in het register als aanname zijn gemarkeerd (--alleen-bronnen laat ze weg)",
        "On an assumption: {n} covered municipalities ({inh} inhabitants) are covered only "
        "through data the registry marks as an assumption (--alleen-bronnen leaves them out)",
    ),
    "reg_partial_not_member": (
        "{where}: '{name}' staat niet in 'gemeenten' van deze regio",
        "{where}: '{name}' is not in this region's 'gemeenten'",
    ),
    "sum_partial": (
        "Gedeeltelijke deelname: {n} gemeenten ({inh} inwoners) doen maar aan een deel van "
        "de programmalijnen mee en tellen als gedekt; --thema T telt alleen wie aan T meedoet",
        "Partial participation: {n} municipalities ({inh} inhabitants) take part in some "
        "programme lines only and count as covered; --thema T counts only those taking part in T",
    ),
    "sum_theme": (
        "Thema '{theme}': alleen lidmaatschappen die aan dit thema meedoen tellen als dekking",
        "Theme '{theme}': only memberships taking part in this theme count as coverage",
    ),
    "rep_bronnen_bevinding": ("Wat de bronnen zeggen, en wat de analyse vindt",
                              "What the sources say, and what the analysis finds"),
    "rep_bronnen_bevinding_intro": (
        "Uitspraken uit de brondocumenten, letterlijk geciteerd, met de bevinding ernaast.",
        "Statements from the source documents, quoted word for word, with the finding beside "
        "them.",
    ),
    "sheet_bronnen_bevinding": ("Bronnen en bevindingen", "Sources and findings"),
    "col_citaat": ("Citaat", "Quote"),
    "col_bevinding": ("Bevinding", "Finding"),
    "rep_finding_gaps": (
        "Deels: op de vastgelegde samenstellingen ({label}) vallen nog {n} gemeenten "
        "({inh} inwoners) buiten elke regio; {assumed} gedekte gemeenten rusten alleen op "
        "aannames",
        "Partly: on the recorded compositions ({label}) {n} municipalities ({inh} "
        "inhabitants) are still outside every region; {assumed} covered municipalities rest "
        "on assumptions only",
    ),
    "rep_finding_covenants": (
        "Het register legt {signed} gesloten convenanten vast; nog niet gesloten: {pending}",
        "The registry records {signed} signed covenants; not yet signed: {pending}",
    ),
    "ws_line": (
        "  {number}. {name}: {n}, {inh} inwoners{water}",
        "  {number}. {name}: {n}, {inh} inhabitants{water}",
    ),
    "ws_water": (" (over het water: {names})", " (across the water: {names})"),
    "ws_sub": ("       - {name}: {n}, {inh} inwoners",
               "       - {name}: {n}, {inh} inhabitants"),
    # --- security and robustness (issue 10) ------------------------------------------------
    "file_not_regular": (
        "geen gewoon bestand (een map, apparaat of pijp wordt niet gelezen)",
        "not a regular file (a folder, device or pipe is not read)",
    ),
    "yaml_alias": (
        "ankers en aliassen (& en *) zijn niet toegestaan (regel {line})",
        "anchors and aliases (& and *) are not allowed (line {line})",
    ),
    "yaml_control_char": (
        "{where}: tekst bevat stuurteken {char}",
        "{where}: text contains control character {char}",
    ),
    "reg_too_many": (
        "{where}: {n} onderdelen, hoogstens {limit}", "{where}: {n} entries, at most {limit}",
    ),
    "val_too_many": (
        "{n} voorstellen of meer; één toetsing neemt er hoogstens {limit}",
        "{n} proposals or more; one check takes at most {limit}",
    ),
    "reg_text_too_long": (
        "{where}: tekst is te lang ({n} tekens, hoogstens {limit})",
        "{where}: text is too long ({n} characters, at most {limit})",
    ),
    "reg_empty_list": (
        "{where}: '{key}' is leeg", "{where}: '{key}' is empty",
    ),
    "reg_no_period_regions": (
        "geen regio hoort bij periode {period!r}; perioden met regio's: {known}",
        "no region belongs to period {period!r}; periods with regions: {known}",
    ),
    "name_is_province": (
        "{where}: {name!r} is een provincie, geen gemeente; zet het onder 'provincies'",
        "{where}: {name!r} is a province, not a municipality; put it under 'provincies'",
    ),
    "name_is_municipality": (
        "{where}: {name!r} is een gemeente, geen provincie; zet het onder 'gemeenten'",
        "{where}: {name!r} is a municipality, not a province; put it under 'gemeenten'",
    ),
    "more_problems": ("en nog {n}", "and {n} more"),
    "output_is_folder": (
        "staat een map in de weg; verwijder of hernoem die",
        "a folder is in the way; remove or rename it",
    ),
    "arg_tolerance": (
        "--tolerance {value!r}: moet een getal van 0 tot en met {limit} (meter) zijn",
        "--tolerance {value!r}: must be a number from 0 to {limit} (metres)",
    ),
    "interrupted": ("afgebroken; er is niets half geschreven", "interrupted; nothing is half written"),
}


def text(key: str, lang: str = "nl", /, **params: Any) -> str:
    """Render message `key` in `lang` with `params`."""
    nl, en = _CATALOGUE[key]
    template = en if lang == "en" else nl
    return template.format(**params)


# argparse's own phrases (it builds them with gettext's `_`, in English) and their Dutch.
# The parser's error() passes its message through `argparse_text`, so a Dutch error line
# holds no English. Placeholders are argparse's; `%r` values arrive already quoted.
_ARGPARSE_NL: tuple[tuple[str, str], ...] = (
    ("argument %(argument_name)s: %(message)s", "argument %(argument_name)s: %(message)s"),
    ("invalid choice: %(value)s (choose from %(choices)s)",
     "ongeldige keuze: %(value)s (kies uit %(choices)s)"),
    ("invalid %(type)s value: %(value)s", "ongeldige waarde voor %(type)s: %(value)s"),
    ("expected one argument", "verwacht één waarde"),
    ("expected at most one argument", "verwacht hoogstens één waarde"),
    ("expected at least one argument", "verwacht minstens één waarde"),
    ("expected %(n)s argument", "verwacht %(n)s waarde"),
    ("expected %(n)s arguments", "verwacht %(n)s waarden"),
    ("the following arguments are required: %(names)s",
     "de volgende argumenten zijn verplicht: %(names)s"),
    ("one of the arguments %(names)s is required",
     "een van de argumenten %(names)s is verplicht"),
    ("unrecognized arguments: %(args)s", "onbekende argumenten: %(args)s"),
    ("not allowed with argument %(name)s", "niet toegestaan samen met argument %(name)s"),
    ("ignored explicit argument %(value)s", "meegegeven waarde %(value)s genegeerd"),
    ("ambiguous option: %(option)s could match %(matches)s",
     "dubbelzinnige optie: %(option)s kan staan voor %(matches)s"),
    ("unknown parser %(parser_name)s (choices: %(choices)s)",
     "onbekende opdracht %(parser_name)s (keuzes: %(choices)s)"),
    ("can't open '%(filename)s': %(error)s", "kan '%(filename)s' niet openen: %(error)s"),
    ("unexpected option string: %(option)s", "onverwachte optie: %(option)s"),
    ("usage: ", "gebruik: "),
)


def _argparse_pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"%\((\w+)\)s", template)
    regex = "".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)"
                    for i, part in enumerate(parts))
    return re.compile(f"^{regex}$", re.DOTALL)


_ARGPARSE_PATTERNS = tuple((_argparse_pattern(en), nl) for en, nl in _ARGPARSE_NL)


def argparse_text(message: str, lang: str) -> str:
    """One of argparse's messages (as it formatted it) in `lang`: English stays as it is;
    in Dutch each known phrase is translated, the nested message of 'argument X: ...' too,
    and values (names, what the user typed) are kept verbatim."""
    if lang == "en":
        return message
    for pattern, nl in _ARGPARSE_PATTERNS:
        match = pattern.match(message)
        if match:
            values = match.groupdict()
            if "message" in values:
                values["message"] = argparse_text(values["message"], lang)
            return nl % values
    return message


# Coverage modes as the user may type them: the Dutch names and the internal (English) ones.
MODE_ALIASES = {"leden": "listed", "provincies": "provinces", "verklaard": "declared",
                "listed": "listed", "provinces": "provinces", "declared": "declared"}


def mode_label(mode: str, lang: str = "nl") -> str:
    """A coverage mode in the user's language: leden / provincies / verklaard."""
    return text(f"mode_{mode}", lang)


def noun(n: int, key: str, lang: str = "nl") -> str:
    """The noun `key` in the number that fits `n`: gemeente / gemeenten."""
    singular, plural = text(f"noun_{key}", lang).split("|")
    return singular if n == 1 else plural


def counted(n: int, key: str, lang: str = "nl") -> str:
    """`n` and the noun in the right number: "1 gemeente", "5 gemeenten", "1 region"."""
    return f"{number(n, lang)} {noun(n, key, lang)}"


def decimal(value: float, lang: str = "nl", digits: int = 1) -> str:
    """A decimal number as the user's language writes it: 1.234,5 or 1,234.5."""
    shown = f"{value:,.{digits}f}"
    if lang == "nl":
        shown = shown.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return shown


def percent(part: float | None, whole: float | None, lang: str = "nl") -> str:
    """`part` as a percentage of `whole` with one decimal (75,8%); '?' when undefined."""
    if not whole or part is None:
        return "?"
    return decimal(100 * part / whole, lang) + "%"


def number(value: float | None, lang: str = "nl") -> str:
    """A whole number as the user's language writes it: 17.442.715 or 17,442,715."""
    if value is None:
        return text("unknown_inhabitants", lang)
    shown = f"{round(value):,}"
    return shown.replace(",", ".") if lang == "nl" else shown


def source_line(data: Mapping[str, Any], lang: str = "nl") -> str:
    """'Bron: CBS' with the dates of the boundaries and of the inhabitants an output uses
    (`Reference.data()`); the inhabitants' date is called out when it differs."""
    bdate = data.get("boundaries_date") or "?"
    idate = data.get("inhabitants_date")
    if not idate:
        inh = text("src_inh_none", lang)
    else:
        key = "src_inh" if idate == bdate else "src_inh_nearest"
        inh = text(key, lang, idate=idate, bdate=bdate, table=data.get("inhabitants") or "CBS")
    return text("src_line", lang, bdate=bdate, inh=inh)


# --- error rendering: what input text may do to a terminal line (issue 10) ----------------
# Control characters (C0, DEL, C1), line and paragraph separators and bidirectional
# controls are shown as escapes, so no input can move the cursor, recolour the terminal,
# split the one-line error or reorder what the reader sees.
_INVISIBLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
MAX_PARAM_CHARS = 200  # one value of input text in a message
MAX_PROBLEMS = 25  # problems shown in one error line; the rest are counted
MAX_LINE_CHARS = 4000  # one error line, whatever it holds


def visible(value: str) -> str:
    """`value` with every control, separator and bidi character as a visible escape
    (`\\n`, `\\x1b`, `\\u202e`); everything else unchanged."""
    return _INVISIBLE.sub(lambda m: _NAMED.get(m.group()) or (
        f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}"
    ), value)


# Control characters other than line breaks and tabs, and bidi embeddings, overrides and
# isolates: no name needs them (NUL cuts GeoPackage text, ESC drives terminals, an override
# reorders what a reader sees). Registries refuse them; documents drop them.
CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def without_controls(value: str) -> str:
    """`value` without control characters (line breaks and tabs stay) and without bidi
    embeddings, overrides and isolates: for documents (HTML) whose own markup has line
    breaks. Other text, line separators included, stays as written."""
    return CONTROLS.sub("", value)


def shorten(value: str, limit: int) -> str:
    """`value`, cut to `limit` characters with an ellipsis when longer."""
    return value if len(value) <= limit else value[: limit - 1] + "…"


def one_line(message: str) -> str:
    """`message` as one visible line of at most MAX_LINE_CHARS characters."""
    return shorten(" ".join(visible(message).split()), MAX_LINE_CHARS)


def _bounded(value: Any, lang: str) -> Any:
    """A message parameter with input text cut to size (lists: the first few items)."""
    if isinstance(value, (Problem, Counted)):
        return value.render(lang)
    if isinstance(value, str):
        return shorten(value, MAX_PARAM_CHARS)
    if isinstance(value, Path):
        return shorten(str(value), MAX_PARAM_CHARS)
    if isinstance(value, (list, tuple)):
        items = [_bounded(v, lang) for v in value[:MAX_PROBLEMS]]
        return [*items, "..."] if len(value) > MAX_PROBLEMS else items
    return value


class Counted:
    """A count with its noun, rendered in the language of the message that holds it:
    `Problem("val_overlap", n=Counted(2, "municipality"))` -> "2 gemeenten ..."."""

    __slots__ = ("key", "n", "with_number")

    def __init__(self, n: int, key: str, *, with_number: bool = True) -> None:
        self.n, self.key, self.with_number = n, key, with_number

    def render(self, lang: str = "nl") -> str:
        if self.with_number:
            return counted(self.n, self.key, lang)
        return noun(self.n, self.key, lang)

    def __repr__(self) -> str:
        return f"Counted({self.n!r}, {self.key!r})"


class Problem:
    """One problem found in an input: a message key and its parameters."""

    __slots__ = ("key", "params")

    def __init__(self, key: str, /, **params: Any) -> None:
        if key not in _CATALOGUE:
            raise KeyError(key)
        self.key = key
        self.params = params

    def render(self, lang: str = "nl") -> str:
        """The message; input text in it is cut to size (`visible` is the caller's job)."""
        params = {k: _bounded(v, lang) for k, v in self.params.items()}
        return text(self.key, lang, **params)

    def __repr__(self) -> str:
        return f"Problem({self.key!r}, {self.params!r})"


class InputError(ValueError):
    """Unusable input: names the file and every problem found in it.

    The CLI prints it as one line and exits with status 2. `render` makes that line safe
    for a terminal whatever the input held: control characters escaped, every value cut
    to size, at most MAX_PROBLEMS problems, at most MAX_LINE_CHARS characters.
    """

    def __init__(self, path: str | Path | None, problems: Problem | Iterable[Problem]) -> None:
        self.path = str(path) if path is not None else None
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__(self.render("nl"))

    def render(self, lang: str = "nl") -> str:
        shown = [p.render(lang) for p in self.problems[:MAX_PROBLEMS]]
        if len(self.problems) > MAX_PROBLEMS:
            rest = len(self.problems) - MAX_PROBLEMS
            shown.append(text("more_problems", lang, n=counted(rest, "problem", lang)))
        body = "; ".join(shown)
        if self.path:
            body = f"{shorten(self.path, MAX_PARAM_CHARS)}: {body}"
        return one_line(body)


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
