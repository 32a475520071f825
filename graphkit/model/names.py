"""The one place that resolves names to CBS codes.

Accepts what people write: CBS spelling, curly apostrophes, hyphenation split over two
lines, `Gemeente`/`Provincie` prefixes, diacritics or none, aliases (`Den Haag`), province
suffixes (`Hengelo (O.)`), CBS codes, and municipalities that have since merged (mapped to
their successor on the reference date, with a note).
"""

from __future__ import annotations

import csv
import functools
import io
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rapidfuzz import fuzz, process

import cultuurregio_geodata

from ..messages import InputError, Problem
from ..sources.mergers import Merger, normalise_code
from ..sources.textio import read_text

__all__ = [
    "DEFAULT_ALIASES",
    "Resolution",
    "Resolver",
    "load_aliases",
    "loose_key",
    "normalise",
    "search_keys",
]

DEFAULT_ALIASES = cultuurregio_geodata.HERE / "aliassen.csv"

_APOSTROPHES = dict.fromkeys(map(ord, "’‘`´′ʼ"), "'")
_PREFIX = re.compile(r"^(gemeente|gem\.|provincie|prov\.)\s+")
_PROVINCE_WORD = re.compile(r"(provincie|prov\.)\s")
_MUNICIPALITY_WORD = re.compile(r"(gemeente|gem\.)\s")
# Name suggestions (fuzzy matching) for the first MAX_SUGGESTED unknown names a resolver
# sees; later ones are reported without. Suggestions look at the first characters only.
MAX_SUGGESTED = 50
MAX_SUGGEST_CHARS = 100


def _says(written: str, word: re.Pattern[str]) -> bool:
    """True when `written` starts with `word` (`Provincie Utrecht`, `gem. Utrecht`)."""
    return word.match(unicodedata.normalize("NFKC", written).strip().casefold()) is not None


def normalise(name: str) -> str:
    """Case-, accent-, apostrophe- and spacing-insensitive form of a name."""
    s = name
    if not s.isascii():  # ASCII has no compatibility forms and no combining marks
        s = unicodedata.normalize("NFKD", s)
        s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.translate(_APOSTROPHES).casefold()
    s = re.sub(r"[\u00ad\u200b]", "", s)  # soft hyphens, zero-width spaces
    s = re.sub(r"\s+", " ", s).strip()
    s = re.sub(r"-\s+", "-", s)  # "'s- Hertogenbosch": hyphenation split over two lines
    s = re.sub(r"\s+-", "-", s)
    while True:
        stripped = _PREFIX.sub("", s)
        if stripped == s:
            return s
        s = stripped


def loose_key(name: str, *, drop_suffix: bool = False) -> str:
    """Letters and digits only, without the word 'en' (and without a parenthesised
    suffix when `drop_suffix`): `Haarlemmerliede-Spaarnwoude` ~ `Haarlemmerliede en
    Spaarnwoude`, `Bergen (NH)` ~ `Bergen (NH.)`."""
    s = normalise(name)
    if drop_suffix:
        s = re.sub(r"\([^)]*\)", " ", s)
    return "".join(t for t in re.findall(r"[a-z0-9]+", s) if t != "en")


def search_keys(name: str) -> tuple[str, str, str]:
    """(`normalise(name)`, `loose_key(name)`, `loose_key(name, drop_suffix=True)`), with
    one normalisation instead of three."""
    s = normalise(name)
    loose = "".join(t for t in re.findall(r"[a-z0-9]+", s) if t != "en")
    base = "".join(t for t in re.findall(r"[a-z0-9]+", re.sub(r"\([^)]*\)", " ", s))
                   if t != "en")
    return s, loose, base


@dataclass(frozen=True)
class Resolution:
    """A name resolved to a code. `reason`: exact, code, alias, variant or merged."""

    written: str
    code: str
    name: str
    reason: str
    note: Problem | None = None


def load_aliases(path: Path | None = None) -> dict[str, dict[str, str]]:
    """Alias table: kind ('gemeente', 'provincie', ...) -> normalised alias -> target name."""
    source = Path(path) if path is not None else DEFAULT_ALIASES
    reader = csv.DictReader(io.StringIO(read_text(source)))
    if reader.fieldnames is None or not {"soort", "alias", "naam"} <= set(reader.fieldnames):
        found = ", ".join(reader.fieldnames or [])
        raise InputError(source, Problem("csv_columns", missing="soort, alias, naam", found=found))
    table: dict[str, dict[str, str]] = defaultdict(dict)
    for row in reader:
        table[row["soort"].strip()][normalise(row["alias"])] = row["naam"].strip()
    return dict(table)


class _Index:
    """Names of one division on the reference date, searchable exactly and loosely."""

    def __init__(self, names: Mapping[str, str], aliases: Mapping[str, str]) -> None:
        self.names = dict(names)
        self.exact: dict[str, str] = {}
        self.loose: dict[str, set[str]] = defaultdict(set)
        self.base: dict[str, set[str]] = defaultdict(set)
        for code, name in sorted(self.names.items()):
            self.exact.setdefault(normalise(name), code)
            self.loose[loose_key(name)].add(code)
            self.base[loose_key(name, drop_suffix=True)].add(code)
        self.normalised = {code: normalise(name) for code, name in self.names.items()}
        self.aliases = {
            alias: self.exact[normalise(target)]
            for alias, target in aliases.items()
            if normalise(target) in self.exact
        }

    def lookup(self, written: str) -> tuple[str | None, str, list[str]]:
        """(code, reason, candidates): a code when unique; candidates when ambiguous."""
        key = normalise(written)
        upper = written.strip().upper()
        if upper in self.names:
            return upper, "code", []
        if key in self.exact:
            return self.exact[key], "exact", []
        if key in self.aliases:
            return self.aliases[key], "alias", []
        for table, candidate in (
            (self.loose, loose_key(written)),
            (self.base, loose_key(written, drop_suffix=True)),
        ):
            codes = table.get(candidate, set())
            if len(codes) == 1:
                return next(iter(codes)), "variant", []
            if len(codes) > 1:
                return None, "ambiguous", sorted(codes)
        return None, "unknown", []


class Resolver:
    """Resolves written names of municipalities, provinces, COROP areas and CBS landsdelen
    to CBS codes valid on `reference_date`."""

    def __init__(
        self,
        *,
        reference_date: date,
        municipalities: Mapping[str, str],
        provinces: Mapping[str, str],
        corop: Mapping[str, str] | None = None,
        landsdelen: Mapping[str, str] | None = None,
        mergers: Sequence[Merger] = (),
        aliases: Mapping[str, Mapping[str, str]] | None = None,
        places: Iterable[tuple[str, str, str]] = (),
    ) -> None:
        aliases = aliases or {}
        self.reference_date = reference_date
        self._indexes = {
            "gemeente": _Index(municipalities, aliases.get("gemeente", {})),
            "provincie": _Index(provinces, aliases.get("provincie", {})),
            "corop": _Index(corop or {}, aliases.get("corop", {})),
            "landsdeel": _Index(landsdelen or {}, aliases.get("landsdeel", {})),
        }
        self._mergers = sorted(mergers)
        self._by_old_code: dict[str, list[Merger]] = defaultdict(list)
        self._by_old_name: dict[str, list[Merger]] = defaultdict(list)
        self._by_new_name: dict[str, list[Merger]] = defaultdict(list)
        for m in self._mergers:
            self._by_old_code[m.old_code].append(m)
            self._by_old_name[loose_key(m.old_name)].append(m)
            self._by_new_name[loose_key(m.new_name)].append(m)
        self._place_rows = list(places)
        self._suggested = 0

    @functools.cached_property
    def _places(self) -> dict[str, set[tuple[str, str]]]:
        """Places by normalised name; built on first need (only failing names need it)."""
        index: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for place, code, name in self._place_rows:
            index[normalise(place)].add((code, name))
        return index

    def name_of(self, kind: str, code: str) -> str:
        return self._indexes[kind].names[code]

    def search_table(self) -> dict[str, dict[str, list[str]]]:
        """Municipality codes by written form, for lookups outside Python (the map page's
        search box), built from the same index `municipality` uses: `exact` by
        `normalise(name)` (names and aliases), `loose` by `loose_key` (names, and the old
        names of municipalities merged by the reference date), `base` by `loose_key` without
        a province suffix (where 'Bergen' finds both Bergens). A lookup tries code, exact,
        loose, then base, as `municipality` does."""
        index = self._indexes["gemeente"]
        exact = {k: [c] for k, c in index.exact.items()}
        for alias, code in index.aliases.items():
            exact.setdefault(alias, [code])
        loose = {k: sorted(v) for k, v in index.loose.items()}
        for key, steps in sorted(self._by_old_name.items()):
            if key not in loose:
                followed = self._follow_merger(steps[0].old_name or key)
                if isinstance(followed, Resolution):
                    loose[key] = [followed.code]
        base = {k: sorted(v) for k, v in index.base.items()}
        return {"exact": dict(sorted(exact.items())), "loose": dict(sorted(loose.items())),
                "base": dict(sorted(base.items()))}

    def municipality(self, written: str, where: str) -> Resolution | Problem:
        index = self._indexes["gemeente"]
        if _says(written, _PROVINCE_WORD) or self._only_a("provincie", "gemeente", written):
            # `Provincie Utrecht` is not the municipality Utrecht
            return Problem("name_is_province", where=where, name=written)
        code, reason, candidates = index.lookup(written)
        if code is not None:
            return self._resolution(written, code, reason, "gemeente")
        if reason == "ambiguous":
            return Problem("name_ambiguous", where=where, name=written,
                           options=self._options("gemeente", candidates))
        merged = self._follow_merger(written)
        if merged is not None:
            return merged
        not_yet = self._by_new_name.get(loose_key(written), [])
        if not_yet and all(m.date > self.reference_date for m in not_yet):
            return Problem("name_not_yet", where=where, name=written,
                           date=not_yet[0].date.isoformat(),
                           ref=self.reference_date.isoformat())
        places = sorted(self._places.get(normalise(written), ()))
        if places:
            options = ", ".join(f"{name} ({code})" for code, name in places)
            return Problem("name_is_place", where=where, name=written, options=options)
        return self._unknown("gemeente", written, where)

    def division(self, kind: str, written: str, where: str) -> Resolution | Problem:
        """Resolve a province ('provincie'), COROP area ('corop') or landsdeel."""
        index = self._indexes[kind]
        if kind == "provincie" and (_says(written, _MUNICIPALITY_WORD)
                                    or self._only_a("gemeente", "provincie", written)):
            return Problem("name_is_municipality", where=where, name=written)
        code, reason, candidates = index.lookup(written)
        if code is not None:
            return self._resolution(written, code, reason, kind)
        if reason == "ambiguous":
            return Problem("name_ambiguous", where=where, name=written,
                           options=self._options(kind, candidates))
        return self._unknown(kind, written, where)

    # -- helpers -------------------------------------------------------------------------

    def _resolution(self, written: str, code: str, reason: str, kind: str) -> Resolution:
        name = self.name_of(kind, code)
        note = None
        if reason in ("alias", "variant"):
            note = Problem("note_alias", name=written, target=name, code=code)
        return Resolution(written, code, name, reason, note)

    def _follow_merger(self, written: str) -> Resolution | Problem | None:
        """Successor on the reference date of a municipality that has merged away."""
        current = self._indexes["gemeente"].names
        code = normalise_code(written) if re.match(r"^\s*(gm)?\d", written, re.I) else None
        steps = self._by_old_code.get(code, []) if code else self._by_old_name.get(
            loose_key(written), []
        )
        steps = [m for m in steps if m.date <= self.reference_date]
        if not steps:
            return None
        first = self._successor(steps)
        merger, seen = first, set()
        while merger.new_code not in current and merger.new_code not in seen:
            seen.add(merger.new_code)
            later = [
                m for m in self._by_old_code.get(merger.new_code, [])
                if m.date <= self.reference_date
            ]
            if not later:
                return None
            merger = self._successor(later)
        target = merger.new_code
        receivers = [m for m in steps if m.date == first.date and m.old_code == first.old_code]
        if len(receivers) > 1:  # divided: the largest part decides, the note names them all
            note = Problem(
                "note_split", name=first.old_name or written, date=first.date.isoformat(),
                target=current[target], code=target, share=round(100 * first.share),
                others=", ".join(f"{m.new_name} ({round(100 * m.share)}%)"
                                 for m in sorted(receivers, key=lambda m: -m.share)
                                 if m is not first),
            )
        else:
            note = Problem(
                "note_merged", name=first.old_name or written, date=first.date.isoformat(),
                target=current[target], code=target,
            )
        return Resolution(written, target, current[target], "merged", note)

    @staticmethod
    def _successor(steps: Sequence[Merger]) -> Merger:
        """The latest change of a code; of a division (several receivers on one date), the
        receiver of the largest share of its area."""
        last = max(m.date for m in steps)
        return max((m for m in steps if m.date == last), key=lambda m: (m.share, m.new_code))

    def _only_a(self, kind: str, other: str, written: str) -> bool:
        """True when `written` names a `kind` and nothing of the `other` kind."""
        return (self._indexes[kind].lookup(written)[0] is not None
                and self._indexes[other].lookup(written)[1] == "unknown")

    def _options(self, kind: str, codes: Iterable[str]) -> str:
        return ", ".join(f"{self.name_of(kind, c)} ({c})" for c in codes)

    def _unknown(self, kind: str, written: str, where: str) -> Problem:
        index = self._indexes[kind]
        self._suggested += 1
        if self._suggested > MAX_SUGGESTED:  # bounded work: 20,000 typos cost no minutes
            return Problem("name_unknown", where=where, name=written)
        found = process.extract(
            normalise(written[:MAX_SUGGEST_CHARS]), index.normalised, scorer=fuzz.ratio,
            limit=3, score_cutoff=60,
        )
        if found:
            options = " / ".join(index.names[code] for _, _, code in found)
            return Problem("name_unknown_suggest", where=where, name=written, options=options)
        return Problem("name_unknown", where=where, name=written)
