"""Resolved model: the registry's regions with every member as a CBS code on one
reference date, each region's declared territory, and the notes the resolution made."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from ..messages import Counted, InputError, Problem
from ..sources.cbs import Reference
from ..sources.mergers import Merger
from ..sources.registry import CLAIM_TOPICS, Claim, Grouping, Registry
from .names import Resolution, Resolver

__all__ = [
    "Member", "Model", "Note", "ResolvedGrouping", "ResolvedRegion", "make_resolver", "resolve",
]


@dataclass(frozen=True)
class Member:
    written: str
    code: str
    name: str
    reason: str


@dataclass(frozen=True)
class Note:
    """A name that was not taken literally: alias, variant spelling, merger, duplicate."""

    region: str
    written: str
    code: str
    name: str
    reason: str
    message: Problem


@dataclass(frozen=True)
class ResolvedRegion:
    id: str
    naam: str
    municipalities: tuple[str, ...]  # listed members, sorted codes
    provinces: tuple[str, ...]  # member provinces, sorted codes
    partners: tuple[str, ...]
    coverage_kind: str  # leden | provincies | corop | gemeenten
    declared: tuple[str, ...]  # declared territory (always includes the listed members)
    members: tuple[Member, ...]
    bron: str | None
    dekking_bron: str | None
    perioden: tuple[str, ...]
    claims: Mapping[str, Claim] = field(default_factory=dict)  # topic -> claim


@dataclass(frozen=True)
class ResolvedGrouping:
    id: str
    naam: str
    regions: tuple[str, ...]
    cbs_landsdeel: str | None  # code; None when the registry names none and none can be inferred
    cbs_landsdeel_inferred: bool
    bron: str | None


@dataclass(frozen=True)
class Model:
    registry: str
    registry_sha256: str
    reference_date: str
    source: str
    regions: Mapping[str, ResolvedRegion]
    groupings: Mapping[str, ResolvedGrouping]
    notes: tuple[Note, ...]
    # names that did not resolve, per region id (only a lenient resolve returns any)
    problems: Mapping[str, tuple[Problem, ...]] = field(default_factory=dict)
    period: str | None = None
    # which CBS data, of which dates (Reference.data()): every output states it
    data: Mapping[str, str | None] = field(default_factory=dict)
    assumptions_left_out: tuple[str, ...] | None = None  # see Registry


def make_resolver(
    reference: Reference, mergers: Sequence[Merger], aliases: Mapping[str, Mapping[str, str]]
) -> Resolver:
    """A resolver for the names valid on the reference's date."""
    places = ()
    if reference.places is not None:
        places = reference.places[["woonplaats", "statcode", "statnaam"]].itertuples(
            index=False, name=None
        )
    return Resolver(
        reference_date=reference.date,
        municipalities=reference.municipalities["name"].to_dict(),
        provinces=reference.provinces["name"].to_dict(),
        corop=reference.corop["name"].to_dict() if reference.corop is not None else {},
        landsdelen=reference.landsdelen["name"].to_dict(),
        mergers=mergers,
        aliases=aliases,
        places=list(places),
    )


def resolve(
    registry: Registry, reference: Reference, resolver: Resolver, *, strict: bool = True
) -> Model:
    """Resolve every name of `registry`.

    Strict (the default): all unresolved names are reported in one `InputError`. Lenient:
    the model keeps what resolved and lists the rest in `problems`, per region.
    """
    table = reference.municipalities
    problems: list[Problem] = []
    per_region: dict[str, tuple[Problem, ...]] = {}
    notes: list[Note] = []
    regions: dict[str, ResolvedRegion] = {}
    for rid, region in sorted(registry.regions.items()):
        before = len(problems)
        where = f"regios.{rid}"
        members = _resolve_municipalities(
            region.gemeenten, f"{where}.gemeenten", rid, resolver, problems, notes
        )
        provinces = _resolve_divisions(
            "provincie", region.provincies, f"{where}.provincies", resolver, problems, notes, rid
        )
        listed = sorted({m.code for m in members})
        kind, items = region.dekking.kind, region.dekking.items
        if kind == "provincies":
            territory = set(table.index[table["province"].isin(provinces)])
        elif kind == "corop":
            corop = _resolve_divisions(
                "corop", items, f"{where}.dekking.corop", resolver, problems, notes, rid
            )
            territory = set(table.index[table["corop"].isin(corop)])
        elif kind == "gemeenten":
            declared = _resolve_municipalities(
                items, f"{where}.dekking.gemeenten", rid, resolver, problems, notes
            )
            territory = {m.code for m in declared}
        else:
            territory = set()
        regions[rid] = ResolvedRegion(
            id=rid,
            naam=region.naam,
            municipalities=tuple(listed),
            provinces=tuple(sorted(set(provinces))),
            partners=region.partners,
            coverage_kind=kind,
            declared=tuple(sorted(territory | set(listed))),
            members=tuple(members),
            bron=region.bron,
            dekking_bron=region.dekking_bron,
            perioden=region.perioden,
            claims={t: c for t in CLAIM_TOPICS if (c := region.claim(t, registry.period))},
        )
        if len(problems) > before:
            per_region[rid] = tuple(problems[before:])
    groupings = {
        gid: _resolve_grouping(gid, g, regions, table, resolver, problems)
        for gid, g in sorted(registry.groupings.items())
    }
    if problems and strict:
        head = Problem("names_unresolved", count=Counted(len(problems), "name"))
        raise InputError(registry.path or registry.label, [head, *problems])
    return Model(
        registry=registry.label,
        registry_sha256=registry.sha256,
        reference_date=reference.date.isoformat(),
        source=reference.source,
        data=reference.data(),
        regions=regions,
        groupings=groupings,
        notes=tuple(notes),
        problems=per_region,
        period=registry.period,
        assumptions_left_out=registry.assumptions_left_out,
    )


def _resolve_municipalities(
    written: Sequence[str],
    where: str,
    rid: str,
    resolver: Resolver,
    problems: list[Problem],
    notes: list[Note],
) -> list[Member]:
    members: list[Member] = []
    seen: dict[str, Member] = {}
    for name in written:
        result = resolver.municipality(name, where)
        if isinstance(result, Problem):
            problems.append(result)
            continue
        _note(result, rid, notes)
        member = Member(result.written, result.code, result.name, result.reason)
        if result.code in seen:
            other = seen[result.code]
            dup = Problem(
                "note_duplicate", name=name, other=other.written, target=other.name,
                code=result.code,
            )
            notes.append(Note(rid, name, result.code, result.name, "duplicate", dup))
        else:
            seen[result.code] = member
        members.append(member)
    return members


def _resolve_divisions(
    kind: str,
    written: Sequence[str],
    where: str,
    resolver: Resolver,
    problems: list[Problem],
    notes: list[Note],
    rid: str,
) -> list[str]:
    codes: list[str] = []
    for name in written:
        result = resolver.division(kind, name, where)
        if isinstance(result, Problem):
            problems.append(result)
            continue
        _note(result, rid, notes)
        codes.append(result.code)
    return codes


def _note(result: Resolution, rid: str, notes: list[Note]) -> None:
    if result.note is not None:
        notes.append(
            Note(rid, result.written, result.code, result.name, result.reason, result.note)
        )


def _resolve_grouping(
    gid: str,
    grouping: Grouping,
    regions: Mapping[str, ResolvedRegion],
    table: pd.DataFrame,
    resolver: Resolver,
    problems: list[Problem],
) -> ResolvedGrouping:
    code: str | None = None
    inferred = False
    if grouping.cbs_landsdeel:
        result = resolver.division(
            "landsdeel", grouping.cbs_landsdeel, f"landsdelen.{gid}.cbs_landsdeel"
        )
        if isinstance(result, Problem):
            problems.append(result)
        else:
            code = result.code
    else:
        # The CBS landsdeel holding most of the grouping's listed municipalities.
        listed = [c for rid in grouping.regios for c in regions[rid].municipalities]
        counts = Counter(table.loc[listed, "landsdeel"]) if listed else Counter()
        if counts:
            code = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
            inferred = True
    return ResolvedGrouping(
        id=gid, naam=grouping.naam, regions=tuple(grouping.regios), cbs_landsdeel=code,
        cbs_landsdeel_inferred=inferred, bron=grouping.bron,
    )

