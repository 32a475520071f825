"""The hostile-input corpus of tests/test_hostile.py: text that broke or ran before, as data.

Every string here must come out of every output literally, or be refused with one line."""

from __future__ import annotations

import json
from pathlib import Path

# Names that ran through Jinja, mathtext or HTML before, or that a spreadsheet evaluates.
# Each becomes one region's name (with its own municipality) and text in every other field.
NAMES = [
    "Probe {{ 7*7 }}",
    "X {{ cycler.__init__.__globals__.os.getcwd() }}",
    "Regio {#1 Noord",
    "Kunst {{ en }} cultuur",
    "Y {% if true %}ja{% endif %} {% raw %}",
    "Z </script><script>window.__hostile=3</script>",
    "<img src=x onerror=\"window.__hostile=1\">",
    "math $x^$ $\\frac{1}{0}$ & <b>vet</b>",
    "=HYPERLINK(\"http://example.invalid\",\"klik\")",
    "+31 cultuur",
    "-kunst-",
    "@regio",
    "lijn\u2028scheiding\u2029alinea",
    "'\"; DROP TABLE regios; -- \\",
]
TOWNS = ["Almere", "Utrecht", "Zwolle", "Ede", "Venlo", "Urk", "Texel", "Maastricht",
         "Leiden", "Delft", "Enschede", "Assen", "Middelburg", "Heerlen"]
PERIOD = "p {{ 7*7 }} $x$"
# A file name with Jinja, mathtext and markup (a file name cannot hold '/' or NUL).
REGISTRY_NAME = "reg {{ 7*7 }} $x^$ <i>schuin =1+1.yaml"
PROPOSAL_NAME = "voorstel {% if 1 %}x{% endif %} $y$ <b>.yaml"
# Characters no text field may hold: each is refused with one line naming the field.
CONTROL = {"ESC": "\x1b[2J\x1b[31m", "NUL": "\x00", "BEL": "\x07", "RLO": "\u202e",
           "DEL": "\x7f", "C1": "\x9b"}


def q(value: str) -> str:
    """`value` as a YAML scalar (JSON is YAML; escapes included)."""
    return json.dumps(value, ensure_ascii=True)


def region(i: int, name: str, town: str, *, periods: bool = True) -> str:
    other = NAMES[(i + 1) % len(NAMES)]
    fields = [f"naam: {q(name)}", f"gemeenten: [{town}]", f"partners: [{q(other)}]",
              f"bron: {q(other)}", f"dekking_bron: {q(name)}", f"profiel: {q(other)}",
              f"toelichting: {q(name)}"]
    if periods:
        fields.append(f"perioden: [{q(PERIOD)}]")
    fields.append(f"onderbouwing: {{leden: {{soort: citaat, bron: {q(other)}, "
                  f"citaat: {q(name)}}}}}")
    return "  r{}: {{{}}}\n".format(i, ", ".join(fields))


def registry_text() -> str:
    """Every hostile name as a region name and in every free-text field; a period and a
    grouping with hostile names and sources."""
    regions = "".join(region(i, n, t) for i, (n, t) in enumerate(zip(NAMES, TOWNS,
                                                                       strict=True)))
    return (
        f"perioden:\n  {q(PERIOD)}: {{naam: {q(NAMES[5])}, bron: {q(NAMES[8])}}}\n"
        f"standaard_periode: {q(PERIOD)}\n"
        f"regios:\n{regions}"
        f"landsdelen:\n  g: {{naam: {q(NAMES[6])}, regios: [r0, r1], bron: {q(NAMES[0])}, "
        f"toelichting: {q(NAMES[7])}}}\n"
    )


def proposal_text() -> str:
    """Two proposals whose names are hostile, over municipalities no hostile region has."""
    return (
        "regios:\n"
        f"  v1: {{naam: {q(NAMES[0])}, gemeenten: [Alkmaar, Heiloo], bron: {q(NAMES[5])}}}\n"
        f"  v2: {{naam: {q(NAMES[6])}, gemeenten: [Venray], toelichting: {q(NAMES[7])}}}\n"
    )


def write(folder: Path, name: str, content: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(content, encoding="utf-8")
    return path
