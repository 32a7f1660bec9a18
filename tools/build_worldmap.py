#!/usr/bin/env python3
"""Build static/world.svg, the one shared world map used by every vote page.

Dev-time only: the site build never runs this; it reads the committed
static/world.svg.  Re-run it after changing a parameter below.

Input: the npm package world-atlas@2.0.2 (Natural Earth 4.1.0 admin-0
countries as TopoJSON, ISC licence; Natural Earth data is public domain).
Install it outside the repo, e.g.::

    mkdir -p /tmp/wa && cd /tmp/wa && npm install world-atlas@2.0.2
    .venv/bin/python tools/build_worldmap.py --atlas /tmp/wa/node_modules/world-atlas

What it does:

* reads countries-50m.json (1:50m, so small states exist); a UN member or
  observer that 1:50m lacks (Tuvalu) is taken from countries-10m.json;
* projects with the Equal Earth projection (Šavrič, Patterson & Jenny 2018);
* simplifies each TopoJSON arc once (Visvalingam–Whyatt), so shared borders
  stay shared, and quantises to an integer grid; paths use relative commands;
* names every country element by its ISO 3166-1 alpha-3 code (world-atlas ids
  are ISO numeric, mapped with pycountry);
* gives each UN member or observer (the ``iso3`` column of the members CSV)
  whose shape is too small to see at page size a circle marker inside its
  element, placed at the centroid of its largest projected polygon (positions
  come only from the Natural Earth geometry, never typed by hand);
* wraps every element in ``<g id="world">``, so ``world.svg#world`` draws all
  land (with borders) as the background and ``world.svg#FRA`` draws France.

Features with no ISO numeric id in world-atlas:

* ``Somaliland`` is drawn as part of ``SOM`` and ``N. Cyprus`` as part of
  ``CYP`` (the UN recognises neither as separate; otherwise they would look
  like holes in the voting map);
* ``Kosovo``, ``Siachen Glacier`` and ``Indian Ocean Ter.`` get no id: they
  are drawn only as part of the neutral background;
* ``Ashmore and Cartier Is.`` carries Australia's numeric id and is merged
  into ``AUS``;
* Antarctica is dropped.

No fills or strokes are set on country shapes: they inherit the fill, stroke
and stroke-width of the referencing ``<use>`` element in the page.
"""

from __future__ import annotations

import argparse
import csv
import heapq
import json
import math
import sys
from pathlib import Path

import pycountry

REPO = Path(__file__).resolve().parents[1]

# --- parameters -----------------------------------------------------------
WIDTH = 2000  # viewBox width in user units; coordinates are integers
SIMPLIFY_AREA = 0.5  # Visvalingam effective-area threshold (user units²)
MIN_RING_AREA = 1.0  # drop rings smaller than this (user units²) ...
# ... unless it is the only (largest) ring of its country
MARKER_AREA = 60.0  # members with a total area below this get a marker
MARKER_R = 5  # marker radius (user units)
MARGIN = 4  # viewBox margin (user units)

# Chromium applies this sheet inside the <use> instances of this file, and
# custom properties set on the page's <use> elements inherit into it, so the
# page can size and outline the markers.  Without it (other engines may not
# apply it) markers keep r="MARKER_R" and the inherited stroke.
STYLE = (
    "circle{r:var(--rc-marker-r,%dpx);stroke:var(--rc-marker-stroke);"
    "stroke-width:var(--rc-marker-stroke-width)}"
    "path,circle{vector-effect:non-scaling-stroke}" % MARKER_R
)

# Features without an ISO numeric id in world-atlas: name -> alpha-3 to merge
# into, or None to leave them unnamed (background only).
NO_ID = {
    "Somaliland": "SOM",
    "N. Cyprus": "CYP",
    "Kosovo": None,
    "Siachen Glacier": None,
    "Indian Ocean Ter.": None,
}
DROP = {"010"}  # Antarctica

# --- Equal Earth ----------------------------------------------------------
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2


def equal_earth(lon: float, lat: float) -> tuple[float, float]:
    """Equal Earth projection of (lon, lat) in degrees, unit sphere; y up."""
    lam = math.radians(lon)
    theta = math.asin(M * math.sin(math.radians(lat)))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = 2 * math.sqrt(3) * lam * math.cos(theta) / (
        3 * (9 * A4 * t6 * t2 + 7 * A3 * t6 + 3 * A2 * t2 + A1)
    )
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return x, y


X_MAX = equal_earth(180, 0)[0]
SCALE = WIDTH / (2 * X_MAX)


def to_view(lon: float, lat: float) -> tuple[float, float]:
    x, y = equal_earth(lon, lat)
    return (x + X_MAX) * SCALE, -y * SCALE


# --- TopoJSON -------------------------------------------------------------
# An arc is a list of pieces; a piece is a list of points.  world-atlas keeps
# spherical coordinates, so a few rings (Russia, Wrangel Island, Fiji) cross
# the antimeridian: their arcs are cut there into pieces that end and start
# on lon = +180 / -180, and the rings are later closed along that meridian.
Pt = tuple[float, float]


def decode_arcs(topo: dict) -> list[list[list[Pt]]]:
    """(lon, lat) pieces for every arc of a quantised topology."""
    (kx, ky), (dx, dy) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pieces: list[list[Pt]] = [[]]
        for px, py in arc:
            x += px
            y += py
            lon, lat = x * kx + dx, y * ky + dy
            cur = pieces[-1]
            if cur and abs(lon - cur[-1][0]) > 180:
                plon, plat = cur[-1]
                side = 180.0 if plon > 0 else -180.0
                unwrapped = lon + 2 * side
                t = (side - plon) / (unwrapped - plon) if unwrapped != plon else 0.0
                cut = plat + t * (lat - plat)
                cur.append((side, cut))
                pieces.append([(-side, cut)])
            pieces[-1].append((lon, lat))
        arcs.append(pieces)
    return arcs


def project_arcs(arcs_ll, threshold: float | None) -> list[list[list]]:
    """Project every piece; with a threshold also simplify and quantise."""
    out = []
    for pieces in arcs_ll:
        proj = []
        for piece in pieces:
            pts = [to_view(lon, lat) for lon, lat in piece]
            if threshold is not None:
                pts = quantise(simplify(pts, threshold))
            proj.append(pts)
        out.append(proj)
    return out


def simplify(pts: list[Pt], threshold: float) -> list[Pt]:
    """Visvalingam–Whyatt; keeps both end points."""
    n = len(pts)
    if n <= 2:
        return pts

    def area(i: int, j: int, k: int) -> float:
        (ax, ay), (bx, by), (cx, cy) = pts[i], pts[j], pts[k]
        return abs((bx - ax) * (cy - ay) - (cx - ax) * (by - ay)) / 2

    prev = list(range(-1, n - 1))
    nxt = list(range(1, n + 1))
    eff = [math.inf] * n
    heap = []
    for i in range(1, n - 1):
        eff[i] = area(i - 1, i, i + 1)
        heapq.heappush(heap, (eff[i], i))
    removed = [False] * n
    last = 0.0
    while heap:
        a, i = heapq.heappop(heap)
        if removed[i] or a != eff[i]:
            continue
        if a >= threshold:
            break
        last = max(last, a)
        removed[i] = True
        p, q = prev[i], nxt[i]
        nxt[p], prev[q] = q, p
        for j in (p, q):
            if 0 < j < n - 1:
                eff[j] = max(area(prev[j], j, nxt[j]), last)
                heapq.heappush(heap, (eff[j], j))
    return [pt for pt, r in zip(pts, removed) if not r]


def quantise(pts: list[Pt]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for x, y in pts:
        q = (round(x), round(y))
        if not out or out[-1] != q:
            out.append(q)
    return out


def ring_pieces(ring: list[int], arcs) -> list[list]:
    """Concatenate a ring's arcs; more than one piece if it was cut."""
    pieces: list[list] = [[]]
    for a in ring:
        arc = arcs[a] if a >= 0 else [p[::-1] for p in arcs[~a][::-1]]
        for k, piece in enumerate(arc):
            if k:
                pieces.append([])
            cur = pieces[-1]
            for p in piece:
                if not cur or cur[-1] != p:
                    cur.append(p)
    if len(pieces) > 1:  # the last piece runs on into the first
        first = pieces.pop(0)
        pieces[-1].extend(first[1:] if pieces[-1] and first and pieces[-1][-1] == first[0] else first)
    return pieces


def rings_of(ring: list[int], arcs_ll, arcs_xy, quant: bool) -> list[list]:
    """Closed rings in view coordinates (cut rings closed along lon = ±180)."""
    xy = ring_pieces(ring, arcs_xy)
    if len(xy) == 1:
        pts = xy[0]
        if len(pts) > 1 and pts[0] == pts[-1]:
            pts = pts[:-1]
        return [pts]
    out = []
    for ll_piece, xy_piece in zip(ring_pieces(ring, arcs_ll), xy):
        (lon, lat_start), lat_end = ll_piece[0], ll_piece[-1][1]
        steps = max(1, int(abs(lat_start - lat_end)))
        closing = [to_view(lon, lat_end + (lat_start - lat_end) * i / steps) for i in range(1, steps)]
        pts = list(xy_piece) + (quantise(closing) if quant else closing)
        out.append(pts)
    return out


def signed_area(pts) -> float:
    s = 0.0
    for (x1, y1), (x2, y2) in zip(pts, pts[1:] + pts[:1]):
        s += x1 * y2 - x2 * y1
    return s / 2


def centroid(pts) -> tuple[float, float]:
    a = signed_area(pts)
    if abs(a) < 1e-9:
        return (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts))
    cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(pts, pts[1:] + pts[:1]):
        f = x1 * y2 - x2 * y1
        cx += (x1 + x2) * f
        cy += (y1 + y2) * f
    return cx / (6 * a), cy / (6 * a)


def polygons(geom: dict) -> list[list[list[int]]]:
    if geom["type"] == "Polygon":
        return [geom["arcs"]]
    if geom["type"] == "MultiPolygon":
        return geom["arcs"]
    return []


# --- SVG output -----------------------------------------------------------
def fmt_nums(nums) -> str:
    out = []
    for i, n in enumerate(nums):
        s = str(n)
        if i and n >= 0:
            out.append(" ")
        out.append(s)
    return "".join(out)


def path_data(rings: list[list[tuple[int, int]]]) -> str:
    parts = []
    cur = (0, 0)
    for k, pts in enumerate(rings):
        x0, y0 = pts[0]
        if k == 0:
            parts.append("M" + fmt_nums((x0, y0)))
        else:
            parts.append("m" + fmt_nums((x0 - cur[0], y0 - cur[1])))
        deltas = []
        px, py = x0, y0
        for x, y in pts[1:]:
            deltas += (x - px, y - py)
            px, py = x, y
        parts.append("l" + fmt_nums(deltas) + "z")
        cur = (x0, y0)
    return "".join(parts)


class Feature:
    def __init__(self, key: str, iso3: str | None, name: str):
        self.key = key  # element id or "" for unnamed
        self.iso3 = iso3
        self.names = [name]
        self.rings: list[tuple[float, list[tuple[int, int]]]] = []  # (area, pts)
        self.exact: list[tuple[float, list]] = []  # (area, outer ring) per polygon


def collect(topo: dict, only: set[str] | None, features: dict[str, Feature], report: list[str]):
    arcs_ll = decode_arcs(topo)
    arcs_exact = project_arcs(arcs_ll, None)
    arcs_simple = project_arcs(arcs_ll, SIMPLIFY_AREA)
    unnamed = 0
    for geom in topo["objects"]["countries"]["geometries"]:
        num = geom.get("id")
        name = geom["properties"]["name"]
        if num in DROP or (only is not None and num is None):
            continue
        if num is None:
            if name not in NO_ID:
                raise SystemExit(f"feature {name!r} has no id: add it to NO_ID")
            iso3 = NO_ID[name]
        else:
            country = pycountry.countries.get(numeric=num)
            if country is None:
                raise SystemExit(f"unknown ISO numeric id {num} ({name})")
            iso3 = country.alpha_3
        if only is not None and iso3 not in only:
            continue
        if iso3 is None:
            unnamed += 1
            key = f"~{unnamed}"
            report.append(f"{name}: no ISO id, background only")
        else:
            key = iso3
        feat = features.get(key)
        if feat is None:
            feat = features[key] = Feature(key, iso3, name)
        else:
            feat.names.append(name)
            report.append(f"{name}: merged into {iso3}")
        for poly in polygons(geom):
            for k, ring in enumerate(poly):
                for pts in rings_of(ring, arcs_ll, arcs_simple, True):
                    if len(pts) >= 3:
                        feat.rings.append((abs(signed_area(pts)), pts))
                if k == 0:  # outer ring, unsimplified: areas and markers
                    for pts in rings_of(ring, arcs_ll, arcs_exact, False):
                        feat.exact.append((abs(signed_area(pts)), pts))


def build(atlas: Path, members: set[str]) -> tuple[str, list[str]]:
    report: list[str] = []
    features: dict[str, Feature] = {}
    collect(json.loads((atlas / "countries-50m.json").read_text()), None, features, report)
    lacking = sorted(members - features.keys())
    if lacking:
        collect(json.loads((atlas / "countries-10m.json").read_text()), set(lacking), features, report)
        for iso3 in lacking:
            report.append(
                f"{iso3}: not in 1:50m, taken from 1:10m" if iso3 in features else f"{iso3}: MISSING from Natural Earth"
            )

    # bounding box of everything drawn
    xs, ys = [], []
    for f in features.values():
        for _, pts in f.rings:
            xs += [p[0] for p in pts]
            ys += [p[1] for p in pts]
    x0, y0 = min(xs) - MARGIN, min(ys) - MARGIN
    w, h = max(xs) + MARGIN - x0, max(ys) + MARGIN - y0

    elements = []
    markers = []
    for key in sorted(features, key=lambda k: (k.startswith("~"), k)):
        f = features[key]
        total_exact = sum(a for a, _ in f.exact)
        rings = [(a, [(x - x0, y - y0) for x, y in pts]) for a, pts in f.rings]
        kept = [pts for a, pts in rings if a >= MIN_RING_AREA]
        if not kept and rings:
            kept = [max(rings, key=lambda r: r[0])[1]]
        d = path_data(kept) if kept else ""
        ident = f' id="{f.key}"' if f.iso3 else ""
        if f.iso3 in members and total_exact < MARKER_AREA:
            cx, cy = centroid(max(f.exact, key=lambda e: e[0])[1])
            cx, cy = round(cx - x0), round(cy - y0)
            markers.append(f"{f.iso3} ({'/'.join(f.names)}): area {total_exact:.1f}, marker at {cx},{cy}")
            shape = f'<path d="{d}"/>' if d else ""
            elements.append(f'<g{ident}>{shape}<circle cx="{cx}" cy="{cy}" r="{MARKER_R}"/></g>')
        elif d:
            elements.append(f'<path{ident} d="{d}"/>')
    report += ["marker: " + m for m in markers]
    missing = sorted(members - {f.iso3 for f in features.values()})
    report += [f"MISSING (no shape, no marker): {m}" for m in missing]

    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}">\n'
        "<!-- Natural Earth 4.1.0 admin-0 countries (public domain) via world-atlas@2.0.2"
        " (ISC); Equal Earth projection; built by tools/build_worldmap.py."
        " See world.LICENSE.md. -->\n"
        "<style>{style}</style>\n"
        '<g id="world">\n{body}\n</g>\n</svg>\n'
    ).format(w=w, h=h, style=STYLE, body="\n".join(elements))
    return svg, report


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--atlas", type=Path, required=True, help="node_modules/world-atlas directory")
    ap.add_argument(
        "--members",
        type=Path,
        default=REPO.parent / "shared/reference/curated/regional_groups.csv",
        help="CSV with an iso3 column: the states that must be visible (markers)",
    )
    ap.add_argument("--out", type=Path, default=REPO / "static/world.svg")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    with args.members.open(newline="", encoding="utf-8") as fh:
        members = {row["iso3"] for row in csv.DictReader(fh)}
    svg, report = build(args.atlas, members)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(svg, encoding="utf-8")
    for line in report:
        if args.verbose or not line.startswith("marker: "):
            print(line)
    n_markers = sum(line.startswith("marker: ") for line in report)
    print(f"wrote {args.out} ({len(svg.encode()):,} bytes, {n_markers} markers)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
