"""The analyst report as data: typed tables built once from the results, rendered by the
HTML report and the Excel workbook alike (so both always show the same figures)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .. import __version__
from ..messages import mode_label, number, text
from .compare import MODES_ORDER, Comparison, Sensitivity
from .coverage import Analysis, known_sum, rounded

__all__ = ["Column", "Report", "Table", "build_report"]


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str  # text | int | float | pct (a fraction, shown as a percentage)


@dataclass(frozen=True)
class Table:
    key: str  # also the sheet name (at most 31 characters)
    title: str
    intro: str
    columns: tuple[Column, ...]
    rows: tuple[Mapping[str, Any], ...]


@dataclass(frozen=True)
class Report:
    lang: str
    title: str
    subtitle: str
    headline: Mapping[str, Any]
    tables: tuple[Table, ...]
    source_line: str


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


def build_report(
    analysis: Analysis,
    comparison: Comparison | None,
    sensitivity: Sensitivity,
    *,
    periods: Mapping[str, Any],
    regions_meta: Mapping[str, Mapping[str, Any]],
    inhabitants_source: str | None,
    lang: str = "nl",
) -> Report:
    """Every table of the report, in reading order."""
    a = analysis
    rows = a.by_code()
    names = a.division_names
    national = a.totals["national"]
    n, inh, area = national["municipalities"], national["inhabitants"], national["area_km2"]
    cluster_of = {c: i for i, cl in enumerate(a.gap_clusters, start=1) for c in cl}
    spot_names = {w.number: w.name for w in a.white_spots}
    tables: list[Table] = []

    def add(key: str, columns: tuple[Column, ...], data: Sequence[Mapping[str, Any]],
            **params: Any) -> None:
        tables.append(Table(key, text(f"rep_{key}", lang), text(f"rep_{key}_intro", lang,
                                                                  **params),
                            columns, tuple(data)))

    add("kerncijfers", _cols(lang, ("maat", "text"), ("alle", "float"), ("gedekt", "float"),
                             ("niet_gedekt", "float"), ("dubbel", "float")),
        [{"maat": text("col_gemeenten", lang), "alle": n["all"], "gedekt": n["covered"],
          "niet_gedekt": n["uncovered"], "dubbel": n["double"]},
         {"maat": text("col_inwoners", lang), "alle": inh["all"], "gedekt": inh["covered"],
          "niet_gedekt": inh["uncovered"], "dubbel": inh["double"]},
         {"maat": text("col_oppervlakte_km2", lang), "alle": area["all"],
          "gedekt": area["covered"], "niet_gedekt": area["uncovered"], "dubbel": area["double"]}],
        mode=mode_label(a.coverage_mode, lang))
    add("provincies", _cols(lang, *SCOPE_COLUMNS), _scope_rows(a.totals["provinces"]))
    add("landsdelen", _cols(lang, *SCOPE_COLUMNS), _scope_rows(a.totals["landsdelen"]))
    add("groeperingen",
        _cols(lang, ("id", "text"), ("naam", "text"), ("regios", "text"),
              ("cbs_landsdeel", "text"), ("gemeenten", "int"), ("buiten_cbs_landsdeel", "int"),
              ("buiten_namen", "text"), ("niet_in_groepering", "int")),
        [{"id": gid, "naam": g["name"], "regios": ", ".join(g["regions"]),
          "cbs_landsdeel": g["cbs_landsdeel_name"] or "", "gemeenten": len(g["municipalities"]),
          "buiten_cbs_landsdeel": len(g["outside_cbs_landsdeel"]),
          "buiten_namen": ", ".join(rows[c].name for c in g["outside_cbs_landsdeel"]),
          "niet_in_groepering": len(g["cbs_landsdeel_not_in_grouping"])}
         for gid, g in a.landsdelen.items()])
    add("niet_gedekt",
        _cols(lang, ("code", "text"), ("naam", "text"), ("provincie", "text"),
              ("inwoners", "int"), ("oppervlakte_km2", "float"), ("cluster", "int")),
        [{"code": c, "naam": rows[c].name, "provincie": names.get(rows[c].province, ""),
          "inwoners": rounded(rows[c].inhabitants), "oppervlakte_km2": round(rows[c].area_km2, 1),
          "cluster": cluster_of[c]} for c in a.uncovered],
        n=len(a.uncovered))
    add("gatclusters",
        _cols(lang, ("cluster", "int"), ("gebied", "text"), ("gemeenten", "int"),
              ("inwoners", "int"),
              ("oppervlakte_km2", "float"), ("eilanden", "text"), ("namen", "text")),
        [{"cluster": i, "gebied": spot_names.get(i, ""), "gemeenten": len(cl),
          "inwoners": rounded(known_sum(rows[c].inhabitants for c in cl)),
          "oppervlakte_km2": round(sum(rows[c].area_km2 for c in cl), 1),
          "eilanden": ", ".join(rows[c].name for c in cl if c in a.islands),
          "namen": ", ".join(rows[c].name for c in cl)}
         for i, cl in enumerate(a.gap_clusters, start=1)],
        n=len(a.gap_clusters), tolerance=number(a.tolerance_m, lang))
    add("dubbel",
        _cols(lang, ("code", "text"), ("naam", "text"), ("provincie", "text"),
              ("inwoners", "int"), ("regios", "text")),
        [{"code": c, "naam": rows[c].name, "provincie": names.get(rows[c].province, ""),
          "inwoners": rounded(rows[c].inhabitants),
          "regios": ", ".join(a.regions[r]["name"] for r in regs)}
         for c, regs in a.double_memberships])
    add("regios",
        _cols(lang, ("id", "text"), ("naam", "text"), ("dekkingswijze", "text"),
              ("genoemd", "int"), ("provincies", "text"), ("gemeenten", "int"),
              ("inwoners", "int"), ("oppervlakte_km2", "float")),
        [{"id": rid, "naam": r["name"], "dekkingswijze": r["coverage_kind"],
          "genoemd": len(r["listed"]),
          "provincies": ", ".join(names.get(p, p) for p in r["provinces"]),
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
            a=c.a_label, b=c.b_label, added=", ".join(c.regions_added) or "-",
            gained=len(c.gained), lost=len(c.lost),
            remaining=c.b.totals["national"]["municipalities"]["uncovered"])
        rows_b = c.b.by_code()
        add("vergelijking_gemeenten",
            _cols(lang, ("code", "text"), ("naam", "text"), ("provincie", "text"),
                  ("wijziging", "text"), ("regios", "text"), ("inwoners", "int")),
            [{"code": x, "naam": rows_b[x].name, "provincie": names.get(rows_b[x].province, ""),
              "wijziging": text(f"cmp_class_{kind}", lang),
              "regios": ", ".join(rows_b[x].regions), "inwoners": rounded(rows_b[x].inhabitants)}
             for kind, codes in (("gewonnen", c.gained), ("verloren", c.lost)) for x in codes],
            a=c.a_label, b=c.b_label)

    totals = sensitivity.totals()
    add("wijzen",
        _cols(lang, ("wijze", "text"), ("gedekt", "int"), ("niet_gedekt", "int"),
              ("dubbel", "int"), ("inwoners_niet_gedekt", "int"), ("aandeel_gedekt", "pct")),
        [{"wijze": mode, "gedekt": totals[mode]["municipalities"]["covered"],
          "niet_gedekt": totals[mode]["municipalities"]["uncovered"],
          "dubbel": totals[mode]["municipalities"]["double"],
          "inwoners_niet_gedekt": totals[mode]["inhabitants"]["uncovered"],
          "aandeel_gedekt": _frac(totals[mode]["inhabitants"]["covered"],
                                  totals[mode]["inhabitants"]["all"])}
         for mode in MODES_ORDER],
        n=len(sensitivity.changed))
    add("wijzen_gemeenten",
        _cols(lang, ("code", "text"), ("naam", "text"), ("provincie", "text"),
              ("inwoners", "int"), *((m, "text") for m in MODES_ORDER)),
        [{"code": r["code"], "naam": r["name"], "provincie": names.get(r["province"], ""),
          "inwoners": rounded(r["inhabitants"]),
          **{m: ", ".join(r["regions"][m]) or "-" for m in MODES_ORDER}}
         for r in sensitivity.changed])

    add("bronnen",
        _cols(lang, ("id", "text"), ("naam", "text"), ("bron", "text"),
              ("dekkingswijze", "text"), ("dekking_bron", "text"), ("toelichting", "text")),
        [{"id": rid, "naam": meta["naam"], "bron": meta["bron"] or "",
          "dekkingswijze": meta["dekking"], "dekking_bron": meta["dekking_bron"] or "",
          "toelichting": meta["toelichting"] or ""} for rid, meta in regions_meta.items()])
    assumed = a.totals["on_assumption"]
    add("onderbouwing",
        _cols(lang, ("id", "text"), ("naam", "text"), ("onderwerp", "text"), ("soort", "text"),
              ("bron", "text"), ("citaat_of_redenering", "text")),
        [{"id": rid, "naam": r["name"], "onderwerp": topic, "soort": claim["kind"],
          "bron": claim.get("source", ""),
          "citaat_of_redenering": claim.get("quote") or claim.get("reasoning")
          or claim.get("note", "")}
         for rid, r in sorted(a.regions.items()) for topic, claim in r["claims"].items()],
        n=assumed["municipalities"], inh=number(assumed["inhabitants"], lang),
        left_out=", ".join(a.assumptions_left_out or ()) or "-")
    add("naamopmerkingen",
        _cols(lang, ("regio", "text"), ("geschreven", "text"), ("code", "text"),
              ("naam", "text"), ("reden", "text"), ("melding", "text")),
        [{"regio": note.region, "geschreven": note.written, "code": note.code,
          "naam": note.name, "reden": note.reason, "melding": note.message.render(lang)}
         for note in a.notes])
    provenance = [
        ("rep_prov_boundaries", f"CBS, {a.source}"),
        ("rep_prov_inhabitants", inhabitants_source or text("unknown_inhabitants", lang)),
        ("rep_prov_date", a.reference_date),
        ("rep_prov_registry", f"{a.registry} (sha256 {a.registry_sha256[:12]})"),
        ("rep_prov_period", a.period or "-"),
        ("rep_prov_mode", a.coverage_mode),
        ("rep_prov_tolerance", f"{number(a.tolerance_m, lang)} m"),
        ("rep_prov_tool", f"cultuurregio {__version__}"),
        *((f"rep_prov_period_{i}", f"{key}: {p['naam']} ({p['bron'] or '-'})")
          for i, (key, p) in enumerate(periods.items()) if i < 6),
    ]
    add("herkomst", _cols(lang, ("gegeven", "text"), ("waarde", "text")),
        [{"gegeven": text(k, lang) if not k.startswith("rep_prov_period_")
          else text("rep_prov_period_item", lang), "waarde": v} for k, v in provenance])

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
        source_line=text("map_source", lang, year=a.reference_date[:4]),
    )
