"""Hypothesis strategies shared by the property tests and the registry fuzz benchmark."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import strategies as st

KEYS = ["regios", "landsdelen", "perioden", "standaard_periode", "naam", "gemeenten",
        "provincies", "partners", "dekking", "bron", "dekking_bron", "toelichting",
        "convenant", "perioden", "regios", "cbs_landsdeel", "leden", "corop", "x"]
NAMES = ["Amsterdam", "Utrecht", "’s-Hertogenbosch", "Den Haag", "Groningen", "Fryslân",
         "Bergen", "", " ", "GM0363", "PV27", "Nijverdal", "Zuid-Limburg", "Oost-Nederland"]

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
    st.sampled_from(NAMES), st.text(max_size=20),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5),
        st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=8)), inner,
                        max_size=5),
    ),
    max_leaves=30,
)
region = st.fixed_dictionaries(
    {},
    optional={
        "naam": values, "gemeenten": st.one_of(st.lists(st.sampled_from(NAMES)), values),
        "provincies": values, "partners": values,
        "dekking": st.one_of(st.sampled_from(["leden", "provincies", "alles"]), values),
        "bron": values, "perioden": values, "extra": values,
    },
)
registries = st.fixed_dictionaries(
    {"regios": st.one_of(st.dictionaries(st.text(max_size=10), region, max_size=4), values)},
    optional={"landsdelen": values, "perioden": values, "standaard_periode": values},
)


def dump(document: object) -> str:
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)


REAL = (Path(__file__).resolve().parent.parent / "geodata" / "regios.yaml").read_text(
    encoding="utf-8"
)
_EDIT_CHARS = ":{}[]-,'\"\n\t #&*!|>% aé’"


@st.composite
def mutated_registry(draw) -> str:
    """The real default registry with a few characters deleted, inserted or swapped."""
    text = REAL
    for _ in range(draw(st.integers(1, 6))):
        if not text:
            break
        pos = draw(st.integers(0, len(text) - 1))
        kind = draw(st.sampled_from(["delete", "insert", "replace", "cut"]))
        char = draw(st.sampled_from(_EDIT_CHARS))
        if kind == "delete":
            text = text[:pos] + text[pos + 1:]
        elif kind == "insert":
            text = text[:pos] + char + text[pos:]
        elif kind == "replace":
            text = text[:pos] + char + text[pos + 1:]
        else:
            text = text[:pos]
    return text


# Documents as YAML text, real registries with typos, and raw text that is mostly not YAML.
yaml_texts = st.one_of(
    mutated_registry(),
    registries.map(dump),
    values.map(dump),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.text(alphabet="regios:{}[]- \n\t'\"&*!|>#%@`,?", max_size=200),
)
