"""Region registry: the YAML format, its validation and the embedded default.

This layer keeps names exactly as written; `model` resolves them to CBS codes.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

import cultuurregio_geodata

from ..messages import CONTROLS, Counted, InputError, Problem, describe, visible
from .textio import read_text

__all__ = [
    "CLAIM_KINDS",
    "CLAIM_TOPICS",
    "DEFAULT_REGISTRY",
    "Claim",
    "Coverage",
    "Grouping",
    "Region",
    "Registry",
    "load_proposals",
    "load_registry",
    "parse_registry",
]

DEFAULT_REGISTRY = cultuurregio_geodata.HERE / "regios.yaml"

MAX_BYTES = 5_000_000
# A registry nests a handful of levels (regios > id > dekking > corop > list: 5). Far deeper
# input would exhaust a recursive YAML composer's stack (libyaml's C composer segfaults on
# 30,000 nested `- - -`, the Python one raises RecursionError), so `_check_events` walks
# the parser's event stream, which is iterative, and refuses anything deeper than this
# before a composer sees it. Anchors and aliases are refused there too: no real registry
# uses them and they let a small file stand for a large one.
MAX_DEPTH = 32
REGION_ID = re.compile(r"[a-z0-9][a-z0-9-]*")  # always with fullmatch: `$` passes "mra\n"
TOP_KEYS = ("regios", "landsdelen", "perioden", "standaard_periode")
REGION_KEYS = (
    "naam", "profiel", "gemeenten", "provincies", "partners", "dekking", "dekking_bron",
    "toelichting", "bron", "convenant", "perioden", "onderbouwing",
)
GROUPING_KEYS = ("naam", "regios", "cbs_landsdeel", "bron", "toelichting", "perioden")
COVERAGE_KINDS = ("leden", "provincies", "corop", "gemeenten")
# How strong a claim is, strongest first: a source's own words (with the quote), an
# inference from the sources (with the reasoning), or an assumption.
CLAIM_KINDS = ("citaat", "afleiding", "aanname")
# What a claim is about: that the region exists, its member list, its declared territory.
CLAIM_TOPICS = ("regio", "leden", "dekking")
CLAIM_KEYS = ("soort", "bron", "citaat", "redenering", "toelichting")
ALL = "*"  # claim key: holds for every period


@dataclass(frozen=True)
class Claim:
    """The evidence behind one claim of the registry."""

    soort: str  # citaat | afleiding | aanname
    bron: str | None = None
    citaat: str | None = None
    redenering: str | None = None
    toelichting: str | None = None

    @property
    def assumption(self) -> bool:
        return self.soort == "aanname"


@dataclass(frozen=True)
class Coverage:
    """Declared territory: `leden`, `provincies`, or an explicit list of COROP areas or
    municipalities (`items`, as written)."""

    kind: str
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Region:
    id: str
    naam: str
    gemeenten: tuple[str, ...]
    provincies: tuple[str, ...]
    partners: tuple[str, ...]
    dekking: Coverage
    bron: str | None
    dekking_bron: str | None = None
    profiel: str | None = None
    toelichting: str | None = None
    perioden: tuple[str, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)
    # topic -> period (or ALL) -> claim; see `claim`
    claims: Mapping[str, Mapping[str, Claim]] = field(default_factory=dict)

    def claim(self, topic: str, period: str | None = None) -> Claim | None:
        """The claim on `topic` for `period`; for no period, the weakest of all periods."""
        by_period = self.claims.get(topic, {})
        if period is not None:
            return by_period.get(period, by_period.get(ALL))
        return max(by_period.values(), key=lambda c: CLAIM_KINDS.index(c.soort), default=None)

    def narrowed(self, period: str | None) -> Region:
        """This region with its claims as they hold for `period`."""
        claims = {t: {ALL: c} for t in CLAIM_TOPICS if (c := self.claim(t, period))}
        return replace(self, claims=claims)

    def without_assumptions(self) -> Region | None:
        """The region with every claim marked as an assumption left out; None when nothing
        that rests on a source remains."""
        if (c := self.claim("regio")) and c.assumption:
            return None
        def assumed(topic: str) -> bool:
            claim = self.claim(topic)
            return claim is not None and claim.assumption

        region = self
        if assumed("dekking"):
            region = replace(region, dekking=Coverage("leden"))
        if assumed("leden"):
            # member provinces stay only as the territory a sourced `dekking` names
            keep = region.provincies if region.dekking.kind == "provincies" else ()
            region = replace(region, gemeenten=(), provincies=keep, partners=())
        if not region.gemeenten and not region.provincies and region.dekking.kind not in (
            "corop", "gemeenten"
        ):
            return None
        return region


@dataclass(frozen=True)
class Grouping:
    id: str
    naam: str
    regios: tuple[str, ...]
    cbs_landsdeel: str | None
    bron: str | None
    perioden: tuple[str, ...] = ()


@dataclass(frozen=True)
class Period:
    naam: str
    bron: str | None


@dataclass(frozen=True)
class Registry:
    """A parsed registry. `label` names it in outputs (file name, or 'standaard')."""

    label: str
    path: Path | None
    sha256: str
    regions: Mapping[str, Region]
    groupings: Mapping[str, Grouping]
    periods: Mapping[str, Period] = field(default_factory=dict)
    default_period: str | None = None
    period: str | None = None  # the period this registry was narrowed to, if any
    # regions changed by leaving assumptions out (`without_assumptions`); None: not applied
    assumptions_left_out: tuple[str, ...] | None = None

    def select(self, period: str | None) -> Registry:
        """The regions and groupings holding for `period` (those without `perioden` hold
        for every period); the whole registry when `period` is None."""
        if period is None:
            return self
        known = list(self.periods) or sorted({p for r in self.regions.values()
                                              for p in r.perioden})
        where = self.path or self.label
        if period not in known:
            raise InputError(where, Problem("reg_unknown_period", period=period,
                                            known=", ".join(known) or "-"))
        regions = {k: r.narrowed(period) for k, r in self.regions.items()
                   if not r.perioden or period in r.perioden}
        if not regions:
            carried = [p for p in known if any(p in r.perioden for r in self.regions.values())]
            raise InputError(where, Problem("reg_no_period_regions", period=period,
                                            known=", ".join(carried) or "-"))
        groupings = {
            k: replace(g, regios=tuple(r for r in g.regios if r in regions))
            for k, g in self.groupings.items()
            if (not g.perioden or period in g.perioden) and any(r in regions for r in g.regios)
        }
        return replace(self, regions=regions, groupings=groupings, period=period)


    def without_assumptions(self) -> tuple[Registry, tuple[str, ...]]:
        """The registry with every claim marked `aanname` left out (regions, member lists,
        declared territories), and the ids of the regions that changed."""
        regions: dict[str, Region] = {}
        for rid, region in self.regions.items():
            kept = region.narrowed(self.period).without_assumptions()
            if kept is not None:
                regions[rid] = kept
        changed = tuple(sorted(rid for rid in self.regions
                               if regions.get(rid) != self.regions[rid].narrowed(self.period)))
        groupings = {
            k: replace(g, regios=tuple(r for r in g.regios if r in regions))
            for k, g in self.groupings.items() if any(r in regions for r in g.regios)
        }
        return replace(self, regions=regions, groupings=groupings,
                       assumptions_left_out=changed), changed


# libyaml's C parser when PyYAML has it (several times faster), else the Python one
_SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_SafeBase):  # type: ignore[misc,valid-type]
    """Safe YAML loader that refuses duplicate keys instead of keeping the last one."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        try:
            duplicate = key in seen
        except TypeError:
            duplicate = False
        if duplicate:
            raise InputError(
                None, Problem("yaml_duplicate_key", key=key, line=key_node.start_mark.line + 1)
            )
        if isinstance(key, (str, int, float, bool)) or key is None:
            seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_registry(path: Path | None = None) -> Registry:
    """Load and validate a registry file; the embedded default when `path` is None."""
    source = Path(path) if path is not None else DEFAULT_REGISTRY
    text = read_text(source, max_bytes=MAX_BYTES)
    # the file name labels outputs and titles: shown with its control characters escaped
    label = "standaard" if path is None else visible(source.name)
    return parse_registry(text, label=label, path=source)


def parse_registry(text: str, *, label: str, path: Path | None = None) -> Registry:
    """Parse registry YAML `text`; every structural problem is collected into one error."""
    where_file = path if path is not None else label
    if not text.strip():
        raise InputError(where_file, Problem("file_empty"))
    try:
        _check_events(text)
        data = yaml.load(text, Loader=_StrictLoader)
    except InputError as exc:
        raise InputError(where_file, exc.problems) from None
    except yaml.YAMLError as exc:
        if "maximum nesting depth" in str(exc):  # libyaml >= 0.2.5 stops at 1,000 levels
            raise InputError(where_file, Problem("yaml_too_deep", depth=MAX_DEPTH)) from None
        mark = getattr(exc, "problem_mark", None)
        where = f"regel {mark.line + 1}" if mark is not None else ""
        detail = " ".join(filter(None, [getattr(exc, "problem", None) or str(exc), where]))
        raise InputError(where_file, Problem("yaml_syntax", detail=detail)) from None
    except (ValueError, RecursionError) as exc:  # e.g. absurd numbers or nesting
        raise InputError(where_file, Problem("yaml_syntax", detail=str(exc)[:80])) from None

    problems: list[Problem] = []
    if data is None:  # only comments, or an explicit null
        raise InputError(where_file, Problem("file_empty"))
    if not isinstance(data, dict) or "regios" not in data:
        raise InputError(where_file, Problem("reg_top_type"))
    unknown = sorted(str(k) for k in data if k not in TOP_KEYS)
    if unknown:
        problems.append(Problem("reg_top_keys", keys=unknown, allowed=", ".join(TOP_KEYS),
                                what=Counted(len(unknown), "key", with_number=False)))

    regions = _parse_regions(data.get("regios"), problems)
    groupings = _parse_groupings(data.get("landsdelen"), regions, problems)
    periods = _parse_periods(data.get("perioden"), problems)
    default = data.get("standaard_periode")
    if isinstance(default, str) and not _printable(default, "standaard_periode", problems):
        default = None
    elif default is not None and (not isinstance(default, str) or (periods and default
                                                                    not in periods)):
        problems.append(Problem("reg_unknown_period", period=default,
                                known=", ".join(periods) or "-"))
    if periods:
        used = [(f"regios.{k}", r.perioden) for k, r in regions.items()]
        used += [(f"regios.{k}.onderbouwing.{t}", tuple(p for p in per if p != ALL))
                 for k, r in regions.items() for t, per in r.claims.items()]
        used += [(f"landsdelen.{k}", g.perioden) for k, g in groupings.items()]
        for where, values in used:
            for value in values:
                if value not in periods:
                    problems.append(Problem("reg_period_undeclared", where=where, period=value,
                                            known=", ".join(periods)))
    if problems:
        raise InputError(where_file, problems)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Registry(label=label, path=path, sha256=digest, regions=regions, groupings=groupings,
                    periods=periods, default_period=default)


_OPEN = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSE = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


def _check_events(text: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH (flow or block, sequences or mappings) and
    anchors or aliases, reading the parser's events one by one: nothing is composed yet,
    and the walk stops at the first level too deep."""
    depth = 0
    for event in yaml.parse(text, Loader=_SafeBase):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise InputError(None, Problem("yaml_alias", line=event.start_mark.line + 1))
        if isinstance(event, _OPEN):
            depth += 1
            if depth > MAX_DEPTH:
                raise InputError(None, Problem("yaml_too_deep", depth=MAX_DEPTH))
        elif isinstance(event, _CLOSE):
            depth -= 1


def _optional_block(raw: Any, where: str, problems: list[Problem]) -> dict:
    """An optional top-level block: absent is empty; anything but a mapping is a problem."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        problems.append(Problem("reg_entry_type", where=where, found=describe(raw)))
        return {}
    return raw


def _parse_periods(raw: Any, problems: list[Problem]) -> dict[str, Period]:
    periods: dict[str, Period] = {}
    for key, entry in _optional_block(raw, "perioden", problems).items():
        where = f"perioden.{key}"
        if not isinstance(key, str) or not isinstance(entry, dict):
            problems.append(Problem("reg_entry_type", where=where, found=describe(entry)))
            continue
        if not _printable(key, "perioden", problems):
            continue
        _check_keys(entry, ("naam", "bron"), where, problems)
        naam = _string(entry, "naam", where, problems, required=True)
        periods[key] = Period(naam or key, _string(entry, "bron", where, problems))
    return periods


def _parse_regions(raw: Any, problems: list[Problem]) -> dict[str, Region]:
    if not isinstance(raw, dict):
        problems.append(
            Problem("reg_entry_type", where="regios", found=describe(raw))
        )
        return {}
    if not raw:
        problems.append(Problem("reg_no_regions"))
    if len(raw) > MAX_REGIONS:  # work and outputs grow with every region: 20,000 took 34 s
        problems.append(Problem("reg_too_many", where="regios", n=len(raw), limit=MAX_REGIONS))
        return {}
    regions: dict[str, Region] = {}
    for rid, entry in raw.items():
        if not isinstance(rid, str) or not REGION_ID.fullmatch(rid):
            problems.append(Problem("reg_bad_id", id=rid))
            continue
        region = _parse_region(rid, entry, problems)
        if region is not None:
            regions[rid] = region
    return regions


def _parse_region(rid: str, entry: Any, problems: list[Problem]) -> Region | None:
    where = f"regios.{rid}"
    if not isinstance(entry, dict):
        problems.append(Problem("reg_entry_type", where=where, found=describe(entry)))
        return None
    before = len(problems)
    _check_keys(entry, REGION_KEYS, where, problems)
    naam = _string(entry, "naam", where, problems, required=True)
    gemeenten = _string_list(entry, "gemeenten", where, problems)
    provincies = _string_list(entry, "provincies", where, problems)
    partners = _string_list(entry, "partners", where, problems)
    perioden = _string_list(entry, "perioden", where, problems)
    bron = _string(entry, "bron", where, problems)
    dekking_bron = _string(entry, "dekking_bron", where, problems)
    profiel = _string(entry, "profiel", where, problems)
    toelichting = _string(entry, "toelichting", where, problems)
    dekking = _parse_coverage(entry.get("dekking", "leden"), where, problems)
    claims = _parse_claims(entry.get("onderbouwing"), f"{where}.onderbouwing", problems)
    if len(problems) > before:
        return None
    if not gemeenten and not provincies and dekking.kind not in ("corop", "gemeenten"):
        problems.append(Problem("reg_empty_region", where=where))
        return None
    if dekking.kind == "provincies" and not provincies:
        problems.append(Problem("reg_dekking_no_provinces", where=where))
        return None
    extra = {k: entry[k] for k in ("convenant",) if k in entry}
    return Region(
        id=rid, naam=naam or rid, gemeenten=gemeenten, provincies=provincies, partners=partners,
        dekking=dekking, bron=bron, dekking_bron=dekking_bron, profiel=profiel,
        toelichting=toelichting, perioden=perioden, extra=extra, claims=claims,
    )


def _parse_claims(raw: Any, where: str, problems: list[Problem]
                  ) -> dict[str, dict[str, Claim]]:
    """`onderbouwing`: per topic one claim, or per period one claim."""
    claims: dict[str, dict[str, Claim]] = {}
    for topic, value in _optional_block(raw, where, problems).items():
        at = f"{where}.{topic}"
        if topic not in CLAIM_TOPICS:
            problems.append(Problem("reg_unknown_keys", where=where, keys=[str(topic)],
                                    what=Counted(1, "key", with_number=False),
                                    allowed=", ".join(CLAIM_TOPICS)))
            continue
        if isinstance(value, dict) and "soort" not in value:  # per period
            per = {str(k): _parse_claim(v, f"{at}.{k}", problems) for k, v in value.items()}
        else:
            per = {ALL: _parse_claim(value, at, problems)}
        claims[topic] = {k: c for k, c in per.items() if c is not None}
    return claims


def _parse_claim(raw: Any, where: str, problems: list[Problem]) -> Claim | None:
    if not isinstance(raw, dict):
        problems.append(Problem("reg_entry_type", where=where, found=describe(raw)))
        return None
    before = len(problems)
    _check_keys(raw, CLAIM_KEYS, where, problems)
    values = {k: _string(raw, k, where, problems, required=k == "soort") for k in CLAIM_KEYS}
    soort = values["soort"]
    if soort is not None and soort not in CLAIM_KINDS:
        problems.append(Problem("reg_claim_kind", where=where, found=soort,
                                allowed=", ".join(CLAIM_KINDS)))
    needs = {"citaat": ("bron", "citaat"), "afleiding": ("redenering",)}.get(soort or "", ())
    for key in needs:
        if values[key] is None:
            problems.append(Problem("reg_missing_key", where=where, key=key))
    return None if len(problems) > before else Claim(**values)


def _parse_coverage(raw: Any, where: str, problems: list[Problem]) -> Coverage:
    if raw in ("leden", "provincies"):
        return Coverage(raw)
    if isinstance(raw, dict) and len(raw) == 1:
        ((kind, items),) = raw.items()
        if kind in ("corop", "gemeenten") and isinstance(items, list) and items and all(
            isinstance(i, str) and i.strip() for i in items
        ):
            if all(_printable(i, f"{where}.dekking", problems) for i in items):
                return Coverage(kind, tuple(items))
            return Coverage("leden")
    problems.append(Problem("reg_bad_dekking", where=where, found=describe(raw)))
    return Coverage("leden")


def _parse_groupings(
    raw: Any, regions: Mapping[str, Region], problems: list[Problem]
) -> dict[str, Grouping]:
    groupings: dict[str, Grouping] = {}
    block = _optional_block(raw, "landsdelen", problems)
    if len(block) > MAX_REGIONS:
        problems.append(Problem("reg_too_many", where="landsdelen", n=len(block),
                                limit=MAX_REGIONS))
        return {}
    for gid, entry in block.items():
        where = f"landsdelen.{gid}"
        if not isinstance(gid, str) or not REGION_ID.fullmatch(gid):
            problems.append(Problem("reg_bad_id", id=gid))
            continue
        if gid in regions:
            problems.append(Problem("reg_group_id_clash", id=gid))
            continue
        if not isinstance(entry, dict):
            problems.append(Problem("reg_entry_type", where=where, found=describe(entry)))
            continue
        before = len(problems)
        _check_keys(entry, GROUPING_KEYS, where, problems)
        naam = _string(entry, "naam", where, problems, required=True)
        members = _string_list(entry, "regios", where, problems, required=True)
        cbs = _string(entry, "cbs_landsdeel", where, problems)
        bron = _string(entry, "bron", where, problems)
        perioden = _string_list(entry, "perioden", where, problems)
        known = ", ".join(sorted(regions))
        for rid in members:
            if rid not in regions:
                problems.append(
                    Problem("reg_group_unknown_region", where=where, id=rid, known=known)
                )
        if len(problems) == before:
            groupings[gid] = Grouping(gid, naam or gid, members, cbs, bron, perioden)
    return groupings


def _check_keys(entry: dict, allowed: tuple[str, ...], where: str, problems: list[Problem]) -> None:
    unknown = sorted(str(k) for k in entry if k not in allowed)
    if unknown:
        problems.append(
            Problem("reg_unknown_keys", where=where, keys=unknown, allowed=", ".join(allowed),
                    what=Counted(len(unknown), "key", with_number=False))
        )


def _string(
    entry: dict, key: str, where: str, problems: list[Problem], *, required: bool = False
) -> str | None:
    if key not in entry or entry[key] is None:
        if required:
            problems.append(Problem("reg_missing_key", where=where, key=key))
        return None
    value = entry[key]
    if not isinstance(value, str) or not value.strip():
        problems.append(
            Problem("reg_type", where=where, key=key, expected="str", found=describe(value))
        )
        return None
    if not _printable(value, f"{where}.{key}", problems,
                      limit=MAX_TEXT_CHARS if key in _FREE_TEXT else MAX_NAME_CHARS):
        return None
    return value.strip()


def _string_list(
    entry: dict, key: str, where: str, problems: list[Problem], *, required: bool = False
) -> tuple[str, ...]:
    if key not in entry or entry[key] is None:
        if required:
            problems.append(Problem("reg_missing_key", where=where, key=key))
        return ()
    value = entry[key]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problems.append(
            Problem(
                "reg_type", where=where, key=key, expected="[str, ...]", found=describe(value)
            )
        )
        return ()
    if not value and key in _NOT_EMPTY:
        problems.append(Problem("reg_empty_list", where=where, key=key))
        return ()
    if not all(_printable(v, f"{where}.{key}", problems) for v in value):
        return ()
    return tuple(v.strip() for v in value)


# An empty list here would silently mean something else: a grouping of nothing, or (for
# `perioden`) "every period".
_NOT_EMPTY = ("regios", "perioden")


# Longest name (region, member, partner, period) and longest free text (sources, notes): the
# longest Dutch municipality name has 38 characters; 4.5 MB names cost minutes to resolve.
MAX_NAME_CHARS = 300
MAX_TEXT_CHARS = 20_000
_FREE_TEXT = ("bron", "dekking_bron", "toelichting", "profiel", "citaat", "redenering")


def _printable(value: str, where: str, problems: list[Problem], *,
               limit: int = MAX_NAME_CHARS) -> bool:
    """False (and a problem) when `value` is longer than `limit` or holds a control
    character other than a line break or tab."""
    if len(value) > limit:
        problems.append(Problem("reg_text_too_long", where=where, n=len(value), limit=limit))
        return False
    found = CONTROLS.search(value)
    if found is None:
        return True
    problems.append(Problem("yaml_control_char", where=where,
                            char=f"U+{ord(found.group()):04X}"))
    return False


# Regions (and groupings) in one registry: the default has 19.
MAX_REGIONS = 1_000
# Proposals checked in one run: each costs about 0.1 s and the combined check compares every
# pair, so a small file of thousands would run for minutes.
MAX_PROPOSALS = 100


def load_proposals(paths: list[Path]) -> tuple[Registry, dict[str, str]]:
    """Regions proposed in one or more files (registry format), and the file of each.

    A region id proposed in two files is unusable input; `landsdelen` in a proposal file
    are ignored.
    """
    regions: dict[str, Region] = {}
    files: dict[str, str] = {}
    digest = hashlib.sha256()
    for path in paths:
        reg = load_registry(path)
        digest.update(reg.sha256.encode("ascii"))
        for rid, region in reg.regions.items():
            if rid in regions:
                raise InputError(path, Problem("val_duplicate_id", id=rid, other=files[rid]))
            regions[rid] = region
            files[rid] = visible(path.name)
        if len(regions) > MAX_PROPOSALS:
            raise InputError(path, Problem("val_too_many", n=len(regions), limit=MAX_PROPOSALS))
    label = ", ".join(visible(p.name) for p in paths)
    return Registry(label=label, path=None, sha256=digest.hexdigest(), regions=regions,
                    groupings={}), files
