"""Validation of proposed regions against the current map: plain results, no rendering.

Each proposal is checked on its own against the base registry (members, territory,
overlap, gaps, fit) and all proposals together (combined before/after, overlaps among
them). A check has a status OK, WAARSCHUWING or FOUT, a message and optional items.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import networkx as nx

from ..messages import Counted, Problem, decimal, number, percent
from ..model.resolve import Model
from .compare import remaining_by
from .coverage import Analysis
from .pipeline import Context, analyse_model

__all__ = ["STATUSES", "Check", "Combined", "ProposalResult", "Validation", "validate"]

STATUSES = ("OK", "WAARSCHUWING", "FOUT")


@dataclass(frozen=True)
class Check:
    name: str  # leden | gebied | overlap | gaten | passend | samen
    status: str
    message: Problem
    items: tuple[Problem, ...] = ()


def _worst(checks: Iterable[Check]) -> str:
    return max((c.status for c in checks), key=STATUSES.index, default="OK")


@dataclass(frozen=True)
class ProposalResult:
    id: str
    name: str
    file: str
    checks: tuple[Check, ...]
    territory: tuple[str, ...]
    covers_uncovered: tuple[str, ...]
    overlaps: Mapping[str, tuple[str, ...]]
    contiguous: bool
    pieces: tuple[tuple[str, ...], ...]
    islands: tuple[str, ...]
    enclaves: tuple[str, ...]
    before: Mapping[str, Any]
    after: Mapping[str, Any]
    fit: Mapping[str, Any]

    @property
    def status(self) -> str:
        return _worst(self.checks)


@dataclass(frozen=True)
class Combined:
    proposals: tuple[str, ...]
    check: Check
    before: Mapping[str, Any]
    after: Mapping[str, Any]
    overlaps_among_proposals: tuple[Mapping[str, Any], ...]
    remaining_by_province: Mapping[str, Mapping[str, Any]]
    remaining_by_corop: Mapping[str, Mapping[str, Any]]
    covered_by_proposals: tuple[str, ...]


@dataclass(frozen=True)
class Validation:
    base: Analysis
    after_all: Analysis
    proposals: tuple[ProposalResult, ...]
    combined: Combined
    files: Mapping[str, str] = field(default_factory=dict)

    @property
    def status(self) -> str:
        return _worst([c for p in self.proposals for c in p.checks] + [self.combined.check])


def _pct(part: int | None, whole: int | None) -> float | None:
    return None if not whole or part is None else round(100 * part / whole, 1)


def _coverage_line(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, Any]:
    nb, na = before["municipalities"], after["municipalities"]
    ib, ia = before["inhabitants"], after["inhabitants"]
    ab, aa = before["area_km2"], after["area_km2"]
    return {
        "n_before": nb["covered"], "n_after": na["covered"],
        "pct_before": _pct(ib["covered"], ib["all"]), "pct_after": _pct(ia["covered"], ia["all"]),
        "area_before": round(ab["covered"]), "area_after": round(aa["covered"]),
    }


def validate(
    context: Context,
    base: Model,
    proposals: Model,
    *,
    files: Mapping[str, str],
    mode: str = "declared",
    lang: str = "nl",
) -> Validation:
    """Check every region of `proposals` against `base`, then all of them together."""
    before = analyse_model(context, base, mode=mode).analysis
    results = []
    for pid, region in proposals.regions.items():
        after_model = replace(base, regions={**base.regions, pid: region},
                              notes=base.notes + tuple(n for n in proposals.notes
                                                       if n.region == pid))
        after = analyse_model(context, after_model, mode=mode).analysis
        results.append(_check_proposal(context, base, proposals, pid, files.get(pid, ""),
                                       before, after, lang))
    all_model = replace(base, regions={**base.regions, **proposals.regions})
    after_all = analyse_model(context, all_model, mode=mode).analysis
    combined = _combined(context, before, after_all, results, lang)
    return Validation(before, after_all, tuple(results), combined, dict(files))


def _check_proposal(
    context: Context, base: Model, proposals: Model, pid: str, file: str,
    before: Analysis, after: Analysis, lang: str,
) -> ProposalResult:
    region = proposals.regions[pid]
    table = context.reference.municipalities
    names = table["name"].to_dict()
    territory = tuple(after.regions[pid]["municipalities"])
    rows_before = before.by_code()

    # --- members --------------------------------------------------------------------
    problems = proposals.problems.get(pid, ())
    notes = [n for n in proposals.notes if n.region == pid]
    items: list[Problem] = list(problems) + [n.message for n in notes]
    if pid in base.regions:
        items.append(Problem("val_replaces", id=pid, name=base.regions[pid].naam))
    if problems:
        members = Check("leden", "FOUT",
                        Problem("val_members_unresolved", n=Counted(len(problems), "name")),
                        tuple(items))
    elif not territory:
        members = Check("leden", "FOUT", Problem("val_members_empty"), tuple(items))
    elif any(n.reason in ("duplicate", "merged") for n in notes) or pid in base.regions:
        members = Check("leden", "WAARSCHUWING",
                        Problem("val_members_notes",
                                n=Counted(len(region.municipalities), "municipality")),
                        tuple(items))
    else:
        members = Check("leden", "OK", Problem("val_members_ok", n=len(region.municipalities)),
                        tuple(items))

    # --- territory --------------------------------------------------------------------
    pieces, islands = _pieces(context.adjacency, territory)
    if len(pieces) <= 1:
        island_items = tuple(Problem("val_island", name=names[c]) for c in islands)
        area = Check("gebied", "OK", Problem("val_contiguous"), island_items)
    else:
        area = Check(
            "gebied", "WAARSCHUWING", Problem("val_pieces", n=len(pieces)),
            tuple(Problem("val_piece", i=i, names=", ".join(names[c] for c in p))
                  for i, p in enumerate(pieces, start=1)),
        )

    # --- overlap ----------------------------------------------------------------------
    overlaps = {
        c: tuple(r for r in rows_before[c].regions if r != pid)
        for c in territory if any(r != pid for r in rows_before[c].regions)
    }
    if overlaps:
        overlap = Check(
            "overlap", "WAARSCHUWING",
            Problem("val_overlap", n=Counted(len(overlaps), "municipality")),
            tuple(Problem("val_overlap_item", name=names[c], code=c,
                          regions=", ".join(before.regions[r]["name"] for r in regs))
                  for c, regs in overlaps.items()),
        )
    else:
        overlap = Check("overlap", "OK", Problem("val_no_overlap"))

    # --- gaps -------------------------------------------------------------------------
    uncovered_before = set(before.uncovered)
    covers = tuple(c for c in territory if c in uncovered_before)
    covers_inh = sum(rows_before[c].inhabitants or 0 for c in covers)
    line = _coverage_line(before.totals["national"], after.totals["national"])
    enclaves = _enclaves(context.adjacency, after, territory)
    gap_items = [Problem("val_coverage_line", **_fmt_line(line, lang))]
    gap_items += [Problem("val_enclave", name=names[c], code=c) for c in enclaves]
    if not covers:
        gaps = Check("gaten", "WAARSCHUWING", Problem("val_covers_none"), tuple(gap_items))
    else:
        status = "WAARSCHUWING" if enclaves else "OK"
        gaps = Check("gaten", status, Problem("val_covers", n=Counted(len(covers), "uncovered"),
                                               inh=number(covers_inh, lang)), tuple(gap_items))

    # --- fit --------------------------------------------------------------------------
    fit = _fit(context, before, territory)
    fit_items = (
        Problem("val_fit_spans", provinces=", ".join(f"{v['name']} ({v['n']})"
                                                     for v in fit["provinces"].values()),
                landsdelen=", ".join(f"{v['name']} ({v['n']})"
                                     for v in fit["landsdelen"].values())),
        Problem("val_fit_size", n=fit["municipalities"], inh=number(fit["inhabitants"], lang),
                area=number(fit["area_km2"], lang), rank=fit["larger_than"],
                total=fit["existing_regions"],
                median=number(fit["existing_median_inhabitants"], lang)),
        *(Problem("val_fit_best", division=division, name=best["name"],
                  jaccard=decimal(best["jaccard"], lang, 2))
          for division, best in (("COROP", fit["best_corop"]), ("GGD", fit["best_ggd"]))
          if best is not None),
    )
    fit_check = Check("passend", "OK", Problem("val_fit"), fit_items)

    return ProposalResult(
        id=pid, name=region.naam, file=file,
        checks=(members, area, overlap, gaps, fit_check),
        territory=territory, covers_uncovered=covers, overlaps=overlaps,
        contiguous=len(pieces) <= 1, pieces=pieces, islands=islands, enclaves=enclaves,
        before=before.totals["national"], after=after.totals["national"], fit=fit,
    )


def _fmt_line(line: Mapping[str, Any], lang: str) -> dict[str, str]:
    return {
        "n_before": str(line["n_before"]), "n_after": str(line["n_after"]),
        "pct_before": percent(line["pct_before"], 100, lang),
        "pct_after": percent(line["pct_after"], 100, lang),
        "area_before": number(line["area_before"], lang),
        "area_after": number(line["area_after"], lang),
    }


def _pieces(adjacency: nx.Graph, territory: Iterable[str]
            ) -> tuple[tuple[tuple[str, ...], ...], tuple[str, ...]]:
    """Connected pieces (with tolerance) and members joined only across water."""
    codes = set(territory)
    sub = adjacency.subgraph(codes)
    pieces = sorted((tuple(sorted(c)) for c in nx.connected_components(sub)),
                    key=lambda p: (-len(p), p[0]))
    queen = nx.Graph()
    queen.add_nodes_from(codes)
    queen.add_edges_from((u, v) for u, v, q in sub.edges(data="queen") if q)
    islands: list[str] = []
    for piece in pieces:
        parts = sorted((sorted(c) for c in nx.connected_components(queen.subgraph(piece))),
                       key=lambda p: (-len(p), p[0]))
        for part in parts[1:]:  # every queen part but the largest is reached over water
            islands.extend(part)
    return tuple(pieces), tuple(sorted(islands))


def _enclaves(adjacency: nx.Graph, after: Analysis, territory: Iterable[str]) -> tuple[str, ...]:
    """Uncovered municipalities beside the territory whose every neighbour is covered."""
    codes = set(territory)
    uncovered = set(after.uncovered)
    found = set()
    for c in uncovered:
        neighbours = [n for n, q in adjacency[c].items() if q["queen"]]
        if neighbours and codes.intersection(neighbours) and not uncovered.intersection(
            neighbours
        ):
            found.add(c)
    return tuple(sorted(found))


def _jaccard_best(territory: set[str], groups: Mapping[str, set[str]],
                  names: Mapping[str, str]) -> dict[str, Any] | None:
    best = None
    for code, members in sorted(groups.items()):
        score = len(territory & members) / len(territory | members) if territory else 0.0
        if best is None or score > best["jaccard"]:
            best = {"code": code, "name": names[code], "jaccard": round(score, 3)}
    return best


def _fit(context: Context, before: Analysis, territory: tuple[str, ...]) -> dict[str, Any]:
    ref = context.reference
    table = ref.municipalities.loc[list(territory)]
    codes = set(territory)
    names = context.division_names

    def spans(column: str) -> dict[str, dict[str, Any]]:
        counts = Counter(table[column])
        return {k: {"name": names.get(k, k), "n": n} for k, n in sorted(counts.items())}

    def groups(column: str) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for code, group in ref.municipalities[column].items():
            if isinstance(group, str):
                out.setdefault(group, set()).add(code)
        return out

    inhabitants = round(table["inhabitants"].fillna(0).sum())
    existing = sorted(r["inhabitants"] or 0 for r in before.regions.values())
    median = existing[len(existing) // 2] if existing else 0
    corop = _jaccard_best(codes, groups("corop"), ref.corop["name"].to_dict()) \
        if ref.corop is not None else None
    ggd = _jaccard_best(codes, groups("ggd"), ref.ggd["name"].to_dict()) \
        if ref.ggd is not None else None
    return {
        "provinces": spans("province"),
        "landsdelen": spans("landsdeel"),
        "municipalities": len(territory),
        "inhabitants": inhabitants,
        "area_km2": round(float(table["area_km2"].sum()), 1),
        "existing_regions": len(existing),
        "larger_than": sum(1 for x in existing if x < inhabitants),
        "existing_median_inhabitants": median,
        "best_corop": corop,
        "best_ggd": ggd,
    }


def _combined(context: Context, before: Analysis, after: Analysis,
              results: list[ProposalResult], lang: str) -> Combined:
    names = context.division_names
    overlaps = []
    for i, a in enumerate(results):
        for b in results[i + 1:]:
            shared = sorted(set(a.territory) & set(b.territory))
            if shared:
                overlaps.append({"proposals": [a.id, b.id], "municipalities": shared})

    by_province = remaining_by(context, before, after, "province", names)
    by_corop = remaining_by(context, before, after, "corop",
                            context.reference.corop["name"].to_dict()) \
        if context.reference.corop is not None else {}
    line = _coverage_line(before.totals["national"], after.totals["national"])
    national_after = after.totals["national"]
    items = [Problem("val_coverage_line", **_fmt_line(line, lang))]
    left = [f"{v['name']} {v['before']} → {v['after']}" for v in by_province.values()]
    items.append(Problem("val_remaining", n=national_after["municipalities"]["uncovered"],
                         inh=number(national_after["inhabitants"]["uncovered"], lang),
                         where="; ".join(left) or "-"))
    corop_left = [f"{v['name']} {v['before']} → {v['after']}" for v in by_corop.values()]
    if corop_left:
        items.append(Problem("val_remaining_corop", where="; ".join(corop_left)))
    items += [Problem("val_overlap_among", a=o["proposals"][0], b=o["proposals"][1],
                      n=len(o["municipalities"])) for o in overlaps]
    status = "WAARSCHUWING" if overlaps else "OK"
    covered = tuple(sorted(set(before.uncovered) - set(after.uncovered)))
    check = Check("samen", status, Problem("val_combined", k=Counted(len(results), "proposal"),
                                                 n=Counted(len(covered), "uncovered")),
                  tuple(items))
    return Combined(
        proposals=tuple(r.id for r in results), check=check,
        before=before.totals["national"], after=national_after,
        overlaps_among_proposals=tuple(overlaps), remaining_by_province=by_province,
        remaining_by_corop=by_corop, covered_by_proposals=covered,
    )
