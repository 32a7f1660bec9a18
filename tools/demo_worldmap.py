#!/usr/bin/env python3
"""Render demo pages with the world-map macro, serve them and screenshot them.

Dev-time check of static/world.svg, static/css/map.css and
templates/partials/worldmap.html in a real browser::

    apt-get install -y chromium      # once
    .venv/bin/python tools/demo_worldmap.py            # PNGs in /tmp/rollcall-worldmap

Two pages, each labelled as a demo:

* ``s35`` — Human Rights Council resolution S-35/1 (24 Nov 2022, Iran): the six
  No votes and a sample of the Yes and Abstain votes (not the full record);
* ``all`` — every UN member and observer state with a synthetic position
  (cycled, not real), to check small-state dots, the patterns and the size of
  the map markup for ~195 countries.

The pages are served over http on 127.0.0.1 (external <use> does not work
from file://) and shot with headless Chromium at 1280 and 360 px wide.
"""

from __future__ import annotations

import argparse
import csv
import functools
import http.server
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import jinja2
import pycountry

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from rollcall.worldmap import POSITIONS, build_vote_map, read_view_box, shape_ids  # noqa: E402

MEMBERS_CSV = REPO.parent / "shared/reference/curated/regional_groups.csv"
SHAPES_HREF = "/static/world.svg"

# HRC S-35/1: the six No votes are the full list; Yes and Abstain are a sample.
S35 = {
    "no": ["ARM", "CHN", "CUB", "ERI", "PAK", "VEN"],
    "yes": ["ARG", "DEU", "FRA", "GBR", "GMB", "JPN", "LUX", "MEX", "MHL", "MNE", "USA"],
    "abstain": ["ARE", "BRA", "IDN", "IND", "MYS", "QAT", "SEN"],
}

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ heading }}</title>
<link rel="stylesheet" href="/static/css/map.css">
<style>body{font:16px/1.4 system-ui,sans-serif;margin:0 auto;padding:1rem;max-width:72rem}
.demo{background:#fff3cd;border:1px solid #e0c060;padding:.5rem .75rem}</style>
</head><body>
<h1>{{ heading }}</h1>
<p class="demo"><strong>Demo page</strong> for the world-map component. {{ note }}</p>
{% from "partials/worldmap.html" import worldmap %}{{ worldmap(map) }}
</body></html>
"""


def member_names() -> dict[str, str]:
    if MEMBERS_CSV.exists():
        with MEMBERS_CSV.open(newline="", encoding="utf-8") as fh:
            return {row["iso3"]: row["name"] for row in csv.DictReader(fh)}
    return {c.alpha_3: getattr(c, "common_name", c.name) for c in pycountry.countries}


def pages(names: dict[str, str]) -> dict[str, tuple[str, str, dict[str, str]]]:
    s35 = {cid: pos for pos, ids in S35.items() for cid in ids}
    members = sorted(names) if MEMBERS_CSV.exists() else sorted(shape_ids())
    cycle = ("yes", "yes", "no", "abstain", "absent")
    synthetic = {cid: cycle[i % len(cycle)] for i, cid in enumerate(members)}
    synthetic["YUG"] = "yes"  # a former state: no shape, listed under the map
    return {
        "s35": (
            "HRC S-35/1 — Iran (24 Nov 2022)",
            "The six No votes are the complete list; the Yes and Abstain countries "
            "shown are only a sample of the record (25 Yes, 6 No, 16 Abstain).",
            s35,
        ),
        "all": (
            "All UN member and observer states — synthetic positions",
            "Positions are made up (cycled by country code) to show every category "
            "and every small-state dot. YUG has no shape and is listed below the map.",
            synthetic,
        ),
    }


def render(out: Path) -> list[str]:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(REPO / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    page = env.from_string(PAGE)
    names = member_names() | {"YUG": "Yugoslavia"}
    known, view_box = shape_ids(), read_view_box()
    (out / "static/css").mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "static/world.svg", out / "static/world.svg")
    shutil.copy(REPO / "static/css/map.css", out / "static/css/map.css")
    macro = env.get_template("partials/worldmap.html").module.worldmap
    slugs = []
    for slug, (heading, note, positions) in pages(names).items():
        vote_map = build_vote_map(positions, names, SHAPES_HREF, known, view_box)
        html = page.render(heading=heading, note=note, map=vote_map)
        (out / slug).mkdir(exist_ok=True)
        (out / slug / "index.html").write_text(html, encoding="utf-8")
        snippet = str(macro(vote_map))
        counts = {p: sum(i.position == p for i in vote_map.items) for p in POSITIONS}
        print(
            f"{slug}: {len(vote_map.items)} countries {counts}, missing {vote_map.missing}; "
            f"page {len(html.encode()):,} B, map markup {len(snippet.encode()):,} B"
        )
        slugs.append(slug)
    return slugs


def serve(root: Path) -> http.server.ThreadingHTTPServer:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def screenshot(chromium: str, url: str, png: Path, width: int, height: int) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--hide-scrollbars", f"--user-data-dir={profile}",
                f"--screenshot={png}", f"--window-size={width},{height}", url,
            ],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
    print(f"  {png}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=Path("/tmp/rollcall-worldmap"))
    ap.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    ap.add_argument("--no-screenshots", action="store_true", help="only render the pages")
    args = ap.parse_args(argv)
    site = args.out / "site"
    if site.exists():
        shutil.rmtree(site)
    site.mkdir(parents=True)
    slugs = render(site)
    if args.no_screenshots:
        return 0
    server = serve(site)
    try:
        port = server.server_address[1]
        for slug in slugs:
            for width, height in ((1280, 1000), (360, 760)):
                url = f"http://127.0.0.1:{port}/{slug}/"
                screenshot(args.chromium, url, args.out / f"{slug}-{width}.png", width, height)
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
