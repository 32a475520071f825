"""The maps' colours: colour-blind safe, and one meaning per colour on every map (issue 12).

Colour vision deficiency is simulated with the matrices of Machado, Oliveira and Fernandes
(2009, "A physiologically-based model for simulation of color vision deficiency", table for
severity 1.0), applied to linear sRGB; differences are CIE76 distances in CIELAB.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from cultuurregio.analysis.compare import CHANGE_CLASSES
from cultuurregio.render import palette
from cultuurregio.render.comparison import CHANGE_COLORS
from cultuurregio.render.composer import PROPOSAL_COLOR
from cultuurregio.render.mapdata import CLASSES, COVERAGE_COLORS

MACHADO_2009 = {
    "protanopia": np.array([[0.152286, 1.052583, -0.204868],
                            [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968],
                              [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779],
                            [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
}
VISIONS = {"normal": np.eye(3), **MACHADO_2009}
SRGB_TO_XYZ = np.array([[0.4124564, 0.3575761, 0.1804375],
                        [0.2126729, 0.7151522, 0.0721750],
                        [0.0193339, 0.1191920, 0.9503041]])
D65 = np.array([0.95047, 1.0, 1.08883])


def _linear(color: str) -> np.ndarray:
    c = np.array([int(color[i:i + 2], 16) for i in (1, 3, 5)]) / 255
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _lab(linear: np.ndarray) -> np.ndarray:
    t = (SRGB_TO_XYZ @ np.clip(linear, 0, 1)) / D65
    f = np.where(t > (6 / 29) ** 3, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def seen_difference(a: str, b: str, vision: str) -> float:
    """How far apart `a` and `b` look (CIE76 delta E) to someone with `vision`."""
    m = VISIONS[vision]
    return float(np.linalg.norm(_lab(m @ _linear(a)) - _lab(m @ _linear(b))))


def test_the_simulation_separates_what_it_should() -> None:
    # the red/green pair vergelijk used before: far apart in normal vision, close for
    # protanopes and deuteranopes; and white stays white (rows of each matrix sum to 1)
    assert seen_difference("#1a9641", "#d7191c", "normal") > 100
    assert seen_difference("#1a9641", "#d7191c", "deuteranopia") < 30
    assert seen_difference("#1a9641", "#d7191c", "protanopia") < 30
    for m in MACHADO_2009.values():
        assert np.allclose(m.sum(axis=1), 1, atol=1e-5)


@pytest.mark.parametrize("vision", sorted(VISIONS))
@pytest.mark.parametrize("classes", [COVERAGE_COLORS, CHANGE_COLORS], ids=["kaart", "vergelijk"])
def test_classes_of_a_map_look_different_to_everyone(classes, vision: str) -> None:
    for (ka, a), (kb, b) in itertools.combinations(classes.items(), 2):
        assert seen_difference(a, b, vision) >= 15, (ka, kb, vision)


@pytest.mark.parametrize("vision", ["protanopia", "deuteranopia"])
def test_gained_and_lost_are_not_told_apart_by_red_and_green_alone(vision: str) -> None:
    assert seen_difference(CHANGE_COLORS["gewonnen"], CHANGE_COLORS["verloren"], vision) >= 30


def test_fills_come_from_the_documented_palettes() -> None:
    documented = {*palette.OKABE_ITO.values(), palette.TOL_PALE_GREY}
    assert set(COVERAGE_COLORS) == set(CLASSES) and set(CHANGE_COLORS) == set(CHANGE_CLASSES)
    assert {*COVERAGE_COLORS.values(), *CHANGE_COLORS.values()} <= documented
    assert set(palette.REGION_PALETTE) == set(palette.TOL_MUTED)
    assert set(palette.PROPOSAL_PALETTE) <= set(palette.TOL_VIBRANT.values())


def test_one_meaning_per_colour_across_maps() -> None:
    # a colour is one class on one map, except "no culture region", which is the same
    # colour on kaart ("geen") and on vergelijk (none before and after: "niet")
    meanings: dict[str, set[str]] = {}
    for name, color in [*COVERAGE_COLORS.items(), *CHANGE_COLORS.items()]:
        meanings.setdefault(color.lower(), set()).add(name)
    shared = {c: m for c, m in meanings.items() if len(m) > 1}
    assert shared == {COVERAGE_COLORS["geen"].lower(): {"geen", "niet"}}


def test_six_proposals_never_look_the_same() -> None:
    styles = [palette.proposal_style(i) for i in range(6)]
    assert len(set(styles)) == 6
    # the three colours stay apart for everyone, so solid vs dashed is never all there is
    for a, b in itertools.combinations(palette.PROPOSAL_PALETTE, 2):
        assert min(seen_difference(a, b, v) for v in VISIONS) >= 15, (a, b)


def test_lines_never_look_like_a_fill() -> None:
    fills = [*COVERAGE_COLORS.values(), *CHANGE_COLORS.values()]
    lines = [*palette.REGION_PALETTE, *palette.PROPOSAL_PALETTE, PROPOSAL_COLOR,
             palette.GAP_COLOR, palette.PROVINCE_COLOR, palette.GROUPING_COLOR]
    for line in lines:
        for fill in fills:
            assert seen_difference(line, fill, "normal") >= 12, (line, fill)
