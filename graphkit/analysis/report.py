"""The analyst report as data: typed tables built once from the results, rendered by the
HTML report and the Excel workbook alike (so both always show the same figures)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .. import __version__
from ..graph.membership import BASES
from ..messages import counted, mode_label, number, source_line, text
from ..sources.documents import document_label
from .compare import MODES_ORDER, Comparison, Sensitivity
from .coverage import Analysis, known_sum, rounded

__all__ = ["Column", "Report", "Table", "build_report", "municipality_table"]


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str  # text | int | float | pct (a fraction, shown as a percentage)


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    intro: str
    columns: tuple[Column, ...]
    rows: tuple[Mapping[str, Any], ...]
    sheet: str  # the workbook's sheet name: readable, at most 31 characters
    placement: str = "main"  # main | appendix (printed after the rest) | workbook (only there)


@dataclass(frozen=True)
class Report:
    lang: str
    title: str
    subtitle: str
    headline: Mapping[str, Any]
    tables: tuple[Table, ...]
    source_line: str

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)


def _cols(lang: str, *spec: tuple[str, str]) -> tuple[Column, ...]:
    return tuple(Column(key, text(f"col_{key}", lang), kind) for key, kind in spec)


def _frac(part: int | None, whole: int | None) -> float | None:
    return None if not whole or part is None else round(part / whole, 4)


def _scope_rows(totals: Mapping[str, Mapping[str, Any]]) -> tuple[dict[str, Any], ...]:
    rows = []
    for code, t in totals.items():
        n, inh = t["municipalities"], t["inhabitants"]
        rows.append({
            "code": code, "naam": t["name"], "gemeenten": n["all"], "gedekt": n["covered"],
            "niet_gedekt": n["uncovered"], "dubbel": n["double"], "inwoners": inh["all"],
            "inwoners_niet_gedekt": inh["uncovered"],
            "aandeel_gedekt": _frac(inh["covered"], inh["all"]),
            "km2_niet_gedekt": t["area_km2"]["uncovered"],
        })
    return tuple(rows)


SCOPE_COLUMNS = (("code", "text"), ("naam", "text"), ("gemeenten", "int"), ("gedekt", "int"),
                 ("niet_gedekt", "int"), ("dubbel", "int"), ("inwoners", "int"),
                 ("inwoners_niet_gedekt", "int"), ("aandeel_gedekt", "pct"),
                 ("km2_niet_gedekt", "float"))


def _joined(items: Sequence[str]) -> str | None:
    """Items separated by commas, or None (an empty cell) when there are none."""
    return ", ".join(items) or None


def municipality_table(a: Analysis, *, corop_of: Mapping[str, str] | None = None,
                       lang: str = "nl") -> Table:
    """Every municipality of the analysed map with its coverage: the workbook's sheet
    *Gemeenten* and the spreadsheet CSV (gemeenten-excel.csv)."""
    names = a.division_names
    cluster_of = {c: i for i, cl in enumerate(a.gap_clusters, start=1) for c in cl}
    basis = {b: text(f"map_basis_{b}", lang) for b in BASES}

    def region_names(ids: Sequence[str]) -> str | None:
        return _joined([a.regions[r]["name"] for r in ids])

    rows = [{"code": m.code, "naam": m.name, "provincie": names.get(m.province, m.province),
             "corop": (corop_of or {}).get(m.code),
             "landsdeel": names.get(m.landsdeel, m.landsdeel),
             "inwoners": rounded(m.inhabitants), "oppervlakte_km2": round(m.area_km2, 2),
             "aantal_regios": len(m.regions), "regios": region_names(m.regions),
             "basis": _joined([f"{a.regions[rid]['name']}: {', '.join(basis[x] for x in why)}"
                               for rid, why in m.bases.items()]),
             "cluster": cluster_of.get(m.code)} for m in a.municipalities]
    columns = _cols(lang, ("code", "text"), ("naam", "text"), ("provincie", "text"),
                    ("corop", "text"), ("landsdeel", "text"), ("inwoners", "int"),
                    ("oppervlakte_km2", "float"), ("aantal_regios", "int"), ("regios", "text"),
                    ("basis", "text"), ("cluster", "int"))
    return Table("gemeenten", text("rep_gemeenten", lang),
                 text("rep_gemeenten_intro", lang,
                      n=counted(len(a.municipalities), "municipality", lang)),
                 columns, tuple(rows), sheet=text("sheet_gemeenten", lang),
                 placement="workbook")


def build_report(
    analysis: Analysis,
    comparison: Comparison | None,
    sensitivity: Sensitivity,
    *,
    periods: Mapping[str, Any],
    regions_meta: Mapping[str, Mapping[str, Any]],
    inhabitants_source: str | None,
    corop_of: Mapping[str, str] | None = None,
    lang: str = "nl",
) -> Report:
    """Every table of the report, in reading order. `corop_of` maps a municipality's code to
    the name of its COROP area (for the all-municipalities sheet)."""
    a = analysis
    rows = a.by_code()
    names = a.division_names
    national = a.totals["national"]
    n, inh, area = national["municipalities"], national["inhabitants"], national["area_km2"]
    cluster_of = {c: i for i, cl in enumerate(a.gap_clusters, start=1) for c in cl}
    spot_names = {w.number: w.name for w in a.white_spots}
    tables: list[Table] = []

    def region_names(analysis: Analysis, ids: Sequence[str]) -> str | None:
        return _joined([analysis.regions[r]["name"] for r in ids])

    def add(key: str, columns: tuple[Column, ...], data: Sequence[Mapping[str, Any]],
            placement: str = "main", **params: Any) -> None:
        tables.append(Table(key, text(f"rep_{key}", lang),
                            text(f"rep_{key}_intro", lang, **params), columns, tuple(data),
                            sheet=text(f"sheet_{key}", lang), placement=placement))

    add("kerncijfers", _cols(lang, ("dekking", "text"), ("gemeenten", "int"),
                             ("inwoners", "int"), ("oppervlakte_km2", "float")),
        [{"dekking": text(f"col_{k}", lang), "gemeenten": n[key], "inwoners": inh[key],
          "oppervlakte_km2": area[key]}
         for k, key in (("alle", "all"), ("gedekt", "covered"), ("niet_gedekt", "uncovered"),
                        ("dubbel", "double"))],
        mode=mode_label(a.coverage_mode, lang))
    add("provincies", _cols(lang, *SCOPE_COLUMNS), _scope_rows(a.totals["provinces"]))
    add("landsdelen", _cols(lang, *SCOPE_COLUMNS), _scope_rows(a.totals["landsdelen"]))
    add("groeperingen",
        _cols(lang, ("id", "text"), ("naam", "text"), ("regios", "text"),
              ("cbs_landsdeel", "text"), ("gemeenten", "int"), ("buiten_cbs_landsdeel", "int"),
              ("buiten_namen", "text"), ("niet_in_groepering", "int")),
        [{"id": gid, "naam": g["name"], "regios": region_names(a, g["regions"]),
          "cbs_landsdeel": g["cbs_landsdeel_name"], "gemeenten": len(g["municipalities"]),
          "buiten_cbs_landsdeel": len(g["outside_cbs_landsdeel"]),
          "buiten_namen": _joined([rows[c].name for c in g["outside_cbs_landsdeel"]]),
          "niet_in_groepering": len(g["cbs_landsdeel_not_in_grouping"])}
         for gid, g in a.landsdelen.items()])
    add("gatclusters",
        _cols(lang, ("cluster", "int"), ("gebied", "text"), ("gemeenten", "int"),
              ("inwoners", "int"),
              ("oppervlakte_km2", "float"), ("eilanden", "text"), ("namen", "text")),
        [{"cluster": i, "gebied": spot_names.get(i), "gemeenten": len(cl),
          "inwoners": rounded(known_sum(rows[c].inhabitants for c in cl)),
          "oppervlakte_km2": round(sum(rows[c].area_km2 for c in cl), 1),
          "eilanden": _joined([rows[c].name for c in cl if c in a.islands]),
          "namen": ", ".join(rows[c].name for c in cl)}
         for i, cl in enumerate(a.gap_clusters, start=1)],
        n=counted(len(a.gap_clusters), "cluster", lang), tolerance=number(a.tolerance_m, lang))
    add("dubbel",
        _cols(lang, ("code", "text"), ("naam", "text"), ("provincie", "text"),
              ("inwoners", "int"), ("regios", "text")),
        [{"code": c, "naam": rows[c].name, "provincie": names.get(rows[c].province),
          "inwoners": rounded(rows[c].inhabitants), "regios": region_names(a, regs)}
         for c, regs in a.double_memberships])
    add("regios",
        _cols(lang, ("id", "text"), ("naam", "text"), ("dekkingswijze", "text"),
              ("genoemd", "int"), ("provincies", "text"), ("gemeenten", "int"),
              ("inwoners", "int"), ("oppervlakte_km2", "float")),
        [{"id": rid, "naam": r["name"], "dekkingswijze": text(f"claim_{r['coverage_kind']}", lang),
          "genoemd": len(r["listed"]),
          "provincies": _joined([names.get(p, p) for p in r["provinces"]]),
          "gemeenten": r["totals"], "inwoners": r["inhabitants"],
          "oppervlakte_km2": round(r["area_km2"], 1)}
         for rid, r in sorted(a.regions.items(), key=lambda kv: -(kv[1]["inhabitants"] or 0))])

    if comparison is not None:
        c = comparison
        add("vergelijking",
            _cols(lang, ("code", "text"), ("naam", "text"), ("voor", "int"), ("na", "int"),
                  ("gewonnen", "int"), ("verloren", "int"), ("inwoners_voor", "int"),
                  ("inwoners_na", "int")),
            [{"code": k, "naam": v["name"], "voor": v["before"], "na": v["after"],
              "gewonnen": v["gained"], "verloren": v["lost"],
              "inwoners_voor": v["inhabitants_before"], "inwoners_na": v["inhabitants_after"]}
             for k, v in c.remaining_by_province.items()],
            a=c.a_label, b=c.b_label, added=region_names(c.b, c.regions_added) or "-",
            gained=counted(len(c.gained), "municipality", lang),
            lost=counted(len(c.lost), "municipality", lang),
            remaining=counted(c.b.totals["national"]["municipalities"]["uncovered"],
                              "municipality", lang))
        rows_b = c.b.by_code()
        add("vergelijking_gemeenten",
            _cols(lang, ("code", "text"), ("naam", "text"), ("provincie", "text"),
                  ("wijziging", "text"), ("regios", "text"), ("inwoners", "int")),
            [{"code": x, "naam": rows_b[x].name, "provincie": names.get(rows_b[x].province),
              "wijziging": text(f"cmp_class_{kind}", lang),
              "regios": region_names(c.b, rows_b[x].regions),
              "inwoners": rounded(rows_b[x].inhabitants)}
             for kind, codes in (("gewonnen", c.gained), ("verloren", c.lost)) for x in codes],
            a=c.a_label, b=c.b_label)

    totals = sensitivity.totals()
    add("wijzen",
        _cols(lang, ("wijze", "text"), ("gedekt", "int"), ("niet_gedekt", "int"),
              ("dubbel", "int"), ("inwoners_niet_gedekt", "int"), ("aandeel_gedekt", "pct")),
        [{"wijze": mode_label(mode, lang), "gedekt": totals[mode]["municipalities"]["covered"],
          "niet_gedekt": totals[mode]["municipalities"]["uncovered"],
          "dubbel": totals[mode]["municipalities"]["double"],
          "inwoners_niet_gedekt": totals[mode]["inhabitants"]["uncovered"],
          "aandeel_gedekt": _frac(totals[mode]["inhabitants"]["covered"],
                                  totals[mode]["inhabitants"]["all"])}
         for mode in MODES_ORDER],
        n=counted(len(sensitivity.changed), "municipality", lang),
        **{m: mode_label(m, lang) for m in MODES_ORDER})
    add("bronnen_regios",
        _cols(lang, ("id", "text"), ("naam", "text"), ("bron", "text"),
              ("dekkingswijze", "text"), ("dekking_bron", "text"), ("toelichting", "text")),
        [{"id": rid, "naam": meta["naam"], "bron": document_label(meta["bron"], lang) or None,
          "dekkingswijze": text(f"claim_{meta['dekking']}", lang),
          "dekking_bron": document_label(meta["dekking_bron"], lang) or None,
          "toelichting": meta["toelichting"]} for rid, meta in regions_meta.items()])
    assumed = a.totals["on_assumption"]
    add("onderbouwing",
        _cols(lang, ("id", "text"), ("naam", "text"), ("onderwerp", "text"), ("soort", "text"),
              ("bron", "text"), ("citaat_of_redenering", "text")),
        [{"id": rid, "naam": r["name"], "onderwerp": text(f"claimtopic_{topic}", lang),
          "soort": text(f"claimkind_{claim['kind']}", lang),
          "bron": document_label(claim.get("source"), lang) or None,
          "citaat_of_redenering": claim.get("quote") or claim.get("reasoning")
          or claim.get("note")}
         for rid, r in sorted(a.regions.items()) for topic, claim in r["claims"].items()],
        placement="appendix",
        n=assumed["municipalities"], inh=number(assumed["inhabitants"], lang),
        left_out=", ".join(a.assumptions_left_out or ()) or "-")
    # (fixed key for machines, label, value): the report's and the GeoPackage's provenance
    provenance = [
        ("boundaries", "rep_prov_boundaries", f"CBS, {a.source}"),
        ("inhabitants", "rep_prov_inhabitants",
         inhabitants_source or text("unknown_inhabitants", lang)),
        ("reference_date", "rep_prov_date", a.reference_date),
        ("registry", "rep_prov_registry", a.registry),
        ("registry_sha256", "rep_prov_registry_sha256", a.registry_sha256),
        ("period", "rep_prov_period", a.period),
        ("coverage_mode", "rep_prov_mode", mode_label(a.coverage_mode, lang)),
        ("tolerance_m", "rep_prov_tolerance", f"{number(a.tolerance_m, lang)} m"),
        ("tool", "rep_prov_tool", f"cultuurregio {__version__}"),
        ("attribution", "rep_prov_attribution", "Bron: CBS"),
        *((f"period:{key}", "rep_prov_period_item", f"{key}: {p['naam']}"
           + (f" ({document_label(p['bron'], lang)})" if p["bron"] else ""))
          for key, p in periods.items()),
        *((f"document:{f}", "rep_prov_document", document_label(f, lang))
          for f in sorted({m[k] for m in regions_meta.values() for k in ("bron", "dekking_bron")
                           if m[k]})),
    ]
    add("bronnen", _cols(lang, ("gegeven", "text"), ("waarde", "text")),
        [{"sleutel": key, "gegeven": text(label, lang), "waarde": v}
         for key, label, v in provenance])

    # Long lists: printed in the appendix, in full in the workbook.
    add("niet_gedekt",
        _cols(lang, ("code", "text"), ("naam", "text"), ("provincie", "text"),
              ("inwoners", "int"), ("oppervlakte_km2", "float"), ("cluster", "int")),
        [{"code": c, "naam": rows[c].name, "provincie": names.get(rows[c].province),
          "inwoners": rounded(rows[c].inhabitants), "oppervlakte_km2": round(rows[c].area_km2, 1),
          "cluster": cluster_of[c]} for c in a.uncovered],
        placement="appendix", n=counted(len(a.uncovered), "municipality", lang))
    add("wijzen_gemeenten",
        _cols(lang, ("code", "text"), ("naam", "text"), ("provincie", "text"),
              ("inwoners", "int"), *((m, "text") for m in MODES_ORDER)),
        [{"code": r["code"], "naam": r["name"], "provincie": names.get(r["province"]),
          "inwoners": rounded(r["inhabitants"]),
          **{m: region_names(sensitivity.analyses[m], r["regions"][m]) for m in MODES_ORDER}}
         for r in sensitivity.changed],
        placement="appendix")
    add("naamopmerkingen",
        _cols(lang, ("regio", "text"), ("geschreven", "text"), ("code", "text"),
              ("naam", "text"), ("reden", "text"), ("melding", "text")),
        [{"regio": a.regions[note.region]["name"] if note.region in a.regions else note.region,
          "geschreven": note.written, "code": note.code, "naam": note.name,
          "reden": text(f"reason_{note.reason}", lang), "melding": note.message.render(lang)}
         for note in a.notes],
        placement="appendix")
    tables.append(municipality_table(a, corop_of=corop_of, lang=lang))

    headline = {
        "municipalities": n["all"], "covered": n["covered"], "uncovered": n["uncovered"],
        "double": n["double"], "inhabitants": inh["all"],
        "covered_share": _frac(inh["covered"], inh["all"]),
        "uncovered_inhabitants": inh["uncovered"], "clusters": len(a.gap_clusters),
        "regions": len(a.regions),
    }
    period = f", {text('col_periode', lang).lower()} {a.period}" if a.period else ""
    return Report(
        lang=lang,
        title=text("rep_title", lang),
        subtitle=text("rep_subtitle", lang, registry=a.registry, period=period,
                      mode=mode_label(a.coverage_mode, lang), date=a.reference_date),
        headline=headline,
        tables=tuple(tables),
        source_line=source_line(a.data, lang),
    )
