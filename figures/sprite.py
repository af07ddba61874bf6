"""The map's facility symbols as an SDF sprite, drawn offline from palette.FACILITY_SHAPES.

plotly's map traces draw a non-circle `marker.symbol` as a MapLibre icon; an icon missing from the map style is
fetched from a CDN (plotly.js's maki resolver), so the map style names this sprite (served by the app at
/app/static/, figures.maps.map_style) and every symbol is found locally. Each shape is an SDF image (signed
distance field: MapLibre colours it with the trace's `marker.color`, one colour per trace) of its own pixel size,
plus a `<shape>-halo` image (the shape grown by HALO_PX) drawn under it in the outline colour. Icons keep their
screen size at every zoom (MapLibre draws them in screen pixels).

`python -m figures.sprite` writes static/facilities.{png,json} and static/facilities@2x.{png,json};
tests/figures/test_sprite.py re-runs it and fails if the committed files differ.
"""

from __future__ import annotations

import json
import math
import struct
import zlib
from pathlib import Path

import numpy as np

from figures import palette as p

NAME = "facilities"  # static/facilities.png ... served at /app/static/facilities.png
STATIC = Path(__file__).resolve().parent.parent / "static"
HALO_PX = 1.5  # the outline under each shape (in CSS pixels beyond the shape's edge)
SDF_RADIUS = 8.0  # MapLibre's SDF scale: alpha 0.75 at the edge, 1/8 of alpha per texture pixel (as TinySDF)
SDF_CUTOFF = 0.25
BUFFER_PX = 3  # room around the halo for the distance field (CSS pixels)
RATIOS = (1, 2)
CROSS_ARM = 0.36  # half the width of a cross's arm, as a share of its circumradius


def _regular(n: int, start: float) -> list[tuple[float, float]]:
    """A regular polygon with n corners on the unit circle, the first at `start` degrees (counter-clockwise)."""
    return [
        (math.cos(math.radians(start + 360 * k / n)), math.sin(math.radians(start + 360 * k / n))) for k in range(n)
    ]


def _cross() -> list[tuple[float, float]]:
    """A plus sign (arms CROSS_ARM wide on each side of the centre lines), counter-clockwise."""
    a = CROSS_ARM
    clockwise = [(-a, 1), (a, 1), (a, a), (1, a), (1, -a), (a, -a), (a, -1), (-a, -1), (-a, -a), (-1, -a), (-1, a),
                 (-a, a)]  # fmt: skip
    return [(float(x), float(y)) for x, y in reversed(clockwise)]


# The corners of each polygon shape of palette.FACILITY_SHAPES on the unit circle (y up); None: a true circle.
UNIT_SHAPES: dict[str, list[tuple[float, float]] | None] = {
    "hexagon": _regular(6, 90),  # pointy top, as the glyph ⬢
    "square": _regular(4, 45),
    "diamond": _regular(4, 90),
    "triangle": _regular(3, 90),  # pointing up; its centroid (the image's centre) sits on the facility
    "cross": _cross(),
    "pentagon": _regular(5, 90),
    "circle": None,
    "small_circle": None,
}


def extent(shape: str) -> float:
    """How far the shape reaches from its centre, in circumradii (a cross's outer corners lie beyond 1)."""
    corners = UNIT_SHAPES[shape]
    return 1.0 if corners is None else max(math.hypot(x, y) for x, y in corners)


def half_size(shape: str) -> int:
    """Half the side of a shape's square image in CSS pixels (shape, halo and the distance field's room)."""
    return math.ceil(p.FACILITY_SHAPES[shape][1] * extent(shape) + HALO_PX + BUFFER_PX)


def signed_distance(shape: str, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The distance (in the units of x, y, circumradius 1) from each point to the shape's edge; negative inside."""
    corners = UNIT_SHAPES[shape]
    if corners is None:
        return np.hypot(x, y) - 1.0
    a = np.array(corners)
    b = np.roll(a, -1, axis=0)
    px, py = x[..., None], y[..., None]
    ex, ey = b[:, 0] - a[:, 0], b[:, 1] - a[:, 1]
    t = np.clip(((px - a[:, 0]) * ex + (py - a[:, 1]) * ey) / (ex * ex + ey * ey), 0.0, 1.0)
    dist = np.hypot(px - a[:, 0] - t * ex, py - a[:, 1] - t * ey).min(axis=-1)
    crosses = ((a[:, 1] > py) != (b[:, 1] > py)) & (px < a[:, 0] + (py - a[:, 1]) * ex / np.where(ey == 0, 1, ey))
    inside = crosses.sum(axis=-1) % 2 == 1
    return np.where(inside, -dist, dist)


def sdf_image(shape: str, ratio: int, halo: bool = False) -> np.ndarray:
    """The alpha channel (uint8, square) of a shape's SDF image at a pixel ratio (2 = a screen of 2 device pixels
    per CSS pixel): alpha = 255 * (1 - cutoff - d / radius), d the signed distance in texture pixels."""
    radius_px = p.FACILITY_SHAPES[shape][1]
    side = 2 * half_size(shape) * ratio
    centres = (np.arange(side) + 0.5 - side / 2) / ratio  # CSS pixels from the image's centre
    x, y = np.meshgrid(centres, -centres)  # y up
    d = signed_distance(shape, x / radius_px, y / radius_px) * radius_px  # CSS pixels
    if halo:
        d = d - HALO_PX
    alpha = 255.0 * (1.0 - SDF_CUTOFF - d * ratio / SDF_RADIUS)
    return np.clip(np.round(alpha), 0, 255).astype(np.uint8)


def png(alpha: np.ndarray) -> bytes:
    """An RGBA PNG (black, the given alpha): written here, so the bytes are the same on every machine."""
    height, width = alpha.shape
    rgba = np.zeros((height, width, 4), np.uint8)
    rgba[..., 3] = alpha
    raw = b"".join(b"\x00" + rgba[row].tobytes() for row in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def icon_names() -> list[str]:
    """Every icon of the sprite: each shape and its halo, in the palette's order."""
    return [n for s in p.FACILITY_SHAPES for n in (s, halo_name(s))]


def halo_name(shape: str) -> str:
    """The name of a shape's halo icon."""
    return f"{shape}-halo"


def build(ratio: int) -> tuple[bytes, dict]:
    """The sprite at a pixel ratio: (PNG bytes, its index {name: {x, y, width, height, pixelRatio, sdf}}), the
    icons side by side in one row."""
    images, index, x = [], {}, 0
    for shape in p.FACILITY_SHAPES:
        for name, halo in ((shape, False), (halo_name(shape), True)):
            img = sdf_image(shape, ratio, halo)
            index[name] = {"x": x, "y": 0, "width": img.shape[1], "height": img.shape[0], "pixelRatio": ratio,
                           "sdf": True}  # fmt: skip
            images.append(img)
            x += img.shape[1]
    sheet = np.zeros((max(i.shape[0] for i in images), x), np.uint8)
    for entry, img in zip(index.values(), images, strict=True):
        sheet[: entry["height"], entry["x"] : entry["x"] + entry["width"]] = img
    return png(sheet), index


def files() -> dict[str, bytes]:
    """The sprite's files by name (facilities.png, facilities.json, facilities@2x.png, facilities@2x.json)."""
    out = {}
    for ratio in RATIOS:
        stem = NAME if ratio == 1 else f"{NAME}@{ratio}x"
        image, index = build(ratio)
        out[f"{stem}.png"] = image
        out[f"{stem}.json"] = (json.dumps(index, indent=1, sort_keys=True) + "\n").encode()
    return out


def main() -> None:
    """Write the sprite's files into static/."""
    STATIC.mkdir(exist_ok=True)
    for name, content in files().items():
        (STATIC / name).write_bytes(content)
        print(f"wrote static/{name} ({len(content)} bytes)")


if __name__ == "__main__":
    main()
