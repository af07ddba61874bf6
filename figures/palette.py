"""Colours and symbols shared by every chart, map and badge (colour-blind safe: Okabe-Ito, blue/orange).

Status is never shown by colour alone: every badge and legend also carries the word (and an icon).
"""

from __future__ import annotations

# Okabe-Ito
BLUE = "#0072B2"
SKY = "#56B4E9"
ORANGE = "#E69F00"
VERMILLION = "#D55E00"
GREEN = "#009E73"
YELLOW = "#F0E442"
PURPLE = "#CC79A7"
GREY = "#8C8C8C"
INK = "#1F2937"
MUTED = "#6B7280"
GRID = "#E5E7EB"

# Progress status: blue shades for good news, orange shades for bad news, grey for no verdict.
STATUS_COLOURS: dict[str, str] = {
    "achieved": BLUE,
    "on_track": SKY,
    "at_risk": ORANGE,
    "off_track": VERMILLION,
    "no_data": GREY,
    "no_target": GREY,
}
# Text colour on each status background with a contrast ratio of at least 4.5:1.
STATUS_TEXT: dict[str, str] = {
    "achieved": "#FFFFFF",
    "on_track": "#000000",
    "at_risk": "#000000",
    "off_track": "#000000",
    "no_data": "#000000",
    "no_target": "#000000",
}
STATUS_ICONS: dict[str, str] = {
    "achieved": "✔",
    "on_track": "↗",
    "at_risk": "!",
    "off_track": "✖",
    "no_data": "–",
    "no_target": "–",
}

# Facility status on the map and in timelines (open = solid blue, pipeline = oranges / purple, closed = grey).
FACILITY_STATUS_COLOURS: dict[str, str] = {
    "open": BLUE,
    "under_construction": ORANGE,
    "design": PURPLE,
    "planned": YELLOW,
    "closed": GREY,
}
FACILITY_STATUS_ORDER: tuple[str, ...] = ("open", "under_construction", "design", "planned", "closed")
# Pipeline items set apart (metrics.facilities.pipeline_state): a layer and legend entry of their own, a pale fill
# with a dark outline (so they read as "not counted" beside the solid status colours), whatever their status.
FACILITY_APART_COLOURS: dict[str, tuple[str, str]] = {  # state -> (fill, outline)
    "stale": ("#D1D5DB", INK),
    "not_on_latest_list": ("#FFFFFF", VERMILLION),
}

# Facility type as a shape on the map: a map symbol from the app's own SDF sprite (figures.sprite draws it from this
# table into static/; `python -m figures.sprite` after a change), so it keeps its screen size at every zoom and
# nothing is fetched. Colour stays the status; a white halo sets a shape off the choropleth. Every shape: (its
# glyph for the type legend under the map, its circumradius in screen pixels). The circumradii are chosen so the
# shapes look about as large as each other, big centres a little larger.
FACILITY_SHAPES: dict[str, tuple[str, float]] = {
    "hexagon": ("⬢", 11.0),  # regional centre
    "square": ("■", 9.0),  # centre
    "diamond": ("◆", 9.0),  # inclusive centre
    "triangle": ("▲", 10.0),  # branch (its centroid sits on the facility)
    "cross": ("✚", 9.5),  # rehabilitation
    "pentagon": ("⬟", 8.5),  # residential social-service institution
    "circle": ("●", 7.0),  # other
    "small_circle": ("•", 5.0),  # service point
}
FACILITY_TYPE_SHAPES: dict[str, str] = {
    "regional_centre": "hexagon",
    "centre": "square",
    "inclusive_centre": "diamond",
    "branch": "triangle",
    "service_point": "small_circle",
    "smart_point": "small_circle",
    "rehab_centre": "cross",
    "child_rehab_centre": "cross",
    "psychoneurological": "pentagon",
    "social_institution": "pentagon",
    "child_home": "pentagon",
    "other": "circle",
}
DEFAULT_TYPE_SHAPE = "circle"  # a type not listed above

# Marker size by facility type on the collegium deck's static map (deck/slide_figures.py: circles).
FACILITY_TYPE_SIZES: dict[str, int] = {
    "regional_centre": 20,
    "centre": 16,
    "rehab_centre": 16,
    "child_rehab_centre": 14,
    "inclusive_centre": 13,
    "branch": 11,
    "service_point": 8,
    "smart_point": 8,
}
DEFAULT_TYPE_SIZE = 10

DATA_STATUS_COLOURS: dict[str, str] = {"reported": BLUE, "official": GREEN, "demonstration": ORANGE}

# Sequential scale for choropleths (light to dark blue; readable for the common colour-vision deficiencies).
SEQUENTIAL = ["#F7FBFF", "#C6DBEF", "#6BAED6", "#2171B5", "#08306B"]
NO_DATA_FILL = "#EEEEEE"
OUTLINE = "#374151"
