"""Every colour the maps use, in one place, from published colour-blind-safe palettes.

Fills (the classes in a map's legend) come from Okabe and Ito's palette ("Color Universal
Design", 2008). Each fill colour has one meaning on every map (kaart, valideer, vergelijk,
the PNGs and the GeoPackage styles):

=============  =========  ===========================================================
orange         #E69F00    no culture region (on vergelijk: none before and after)
sky blue       #56B4E9    one culture region
blue           #0072B2    two or more culture regions
bluish green   #009E73    vergelijk: coverage gained
vermillion     #D55E00    vergelijk: coverage lost
pale grey      #DDDDDD    vergelijk: covered before and after (Paul Tol's pale grey)
=============  =========  ===========================================================

Gained and lost differ in the blue-yellow direction as well as red-green, so they stay
apart for protanopes and deuteranopes. Lines are drawn in colours that are not fills:
region outlines from Paul Tol's "muted" scheme, proposals from his "vibrant" scheme
(without its blue, cyan, orange and grey, which are too close to a fill; solid, then
dashed from the fourth proposal on), gaps in black
dots, provinces and groupings in dark grey. tests/test_palette.py checks all of this under
simulated colour vision deficiency.
"""

from __future__ import annotations

__all__ = [
    "CHANGE_COLORS", "COVERAGE_COLORS", "GAP_COLOR", "GROUPING_COLOR", "OKABE_ITO",
    "PROPOSAL_PALETTE", "PROVINCE_COLOR", "REGION_PALETTE", "TOL_MUTED", "TOL_PALE_GREY",
    "TOL_VIBRANT", "proposal_style",
]

OKABE_ITO = {
    "black": "#000000", "orange": "#E69F00", "sky blue": "#56B4E9", "bluish green": "#009E73",
    "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
}
TOL_MUTED = ("#332288", "#117733", "#44AA99", "#88CCEE", "#DDCC77", "#CC6677", "#AA4499",
             "#882255", "#999933")
TOL_VIBRANT = {"blue": "#0077BB", "cyan": "#33BBEE", "teal": "#009988", "orange": "#EE7733",
               "red": "#CC3311", "magenta": "#EE3377", "grey": "#BBBBBB"}
TOL_PALE_GREY = "#DDDDDD"

COVERAGE_COLORS = {"geen": OKABE_ITO["orange"], "een": OKABE_ITO["sky blue"],
                   "meer": OKABE_ITO["blue"]}
CHANGE_COLORS = {"gewonnen": OKABE_ITO["bluish green"], "verloren": OKABE_ITO["vermillion"],
                 "gedekt": TOL_PALE_GREY, "niet": COVERAGE_COLORS["geen"]}

# region outlines: neighbouring regions get different colours (map_html._region_colors)
REGION_PALETTE = TOL_MUTED
PROPOSAL_PALETTE = (TOL_VIBRANT["magenta"], TOL_VIBRANT["teal"], TOL_VIBRANT["red"])


def proposal_style(i: int) -> tuple[str, bool]:
    """(colour, dashed) of the `i`-th proposal: three colours solid, then the same three
    dashed, so that six proposals on one map never look the same; then it repeats."""
    return PROPOSAL_PALETTE[i % len(PROPOSAL_PALETTE)], (i // len(PROPOSAL_PALETTE)) % 2 == 1
GAP_COLOR = OKABE_ITO["black"]
PROVINCE_COLOR = "#4d4d4d"
GROUPING_COLOR = "#222222"
