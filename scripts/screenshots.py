#!/usr/bin/env python3
"""Screenshots of key pages at desktop and phone widths, with headless Chromium.

    python scripts/screenshots.py                 # uses site/ (builds it first if missing)
    python scripts/screenshots.py --build         # rebuilds site/ first
    python scripts/screenshots.py --site DIR --out /tmp/shots --widths 1280,360

Serves the built site on 127.0.0.1 (http.server, in a thread) and runs the system
Chromium (/usr/bin/chromium, or $CHROMIUM) once per page and width; writes
<out>/<name>-<width>.png. Nothing is downloaded. Look at the images after changing
templates or CSS, especially the narrow ones: tables must scroll inside .table-wrap,
long names must wrap, the map must scale.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Iterator

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = Path("/tmp/rollcall-screenshots")
PAGES = {
    "vote-hrc-s35-1": "/votes/hrc-s35-1/",
    "country-irn": "/countries/irn/",
    "body-hrc": "/bodies/hrc/",
}
WIDTHS = (1280, 360)
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars", "--mute-audio", "--no-default-browser-check",
)


def find_chromium() -> str | None:
    """The Chromium to drive: $CHROMIUM, else /usr/bin/chromium, else one on PATH."""
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium"):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 - http.server's signature
        pass


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve `site` on a free port of 127.0.0.1; yields the base URL (no final slash)."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def chromium(chromium_path: str, args: list[str], timeout: float = 90) -> subprocess.CompletedProcess:
    """Run headless Chromium once with a throw-away profile."""
    with tempfile.TemporaryDirectory(prefix="rollcall-chromium-") as profile:
        command = [chromium_path, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args]
        return subprocess.run(command, capture_output=True, timeout=timeout, text=True,
                              stdin=subprocess.DEVNULL)


def screenshot(chromium_path: str, url: str, target: Path, width: int, height: int) -> Path:
    """A PNG of the top `height` pixels of `url` in a window `width` CSS pixels wide."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    result = chromium(chromium_path, [f"--window-size={width},{height}", "--virtual-time-budget=5000",
                                      f"--screenshot={target}", url])
    if not target.is_file():
        raise RuntimeError(f"no screenshot of {url} (exit {result.returncode}):\n{result.stderr[-2000:]}")
    return target


def dump_dom(chromium_path: str, url: str, width: int = 1280, height: int = 900) -> str:
    """The DOM of `url` after load (and scripts), serialised by Chromium."""
    result = chromium(chromium_path, [f"--window-size={width},{height}", "--virtual-time-budget=5000",
                                      "--dump-dom", url])
    if result.returncode != 0:
        raise RuntimeError(f"chromium --dump-dom {url} failed (exit {result.returncode}):\n{result.stderr[-2000:]}")
    return result.stdout


def build_site(root: Path) -> None:
    subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(root)], check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=REPO, help="project folder (default: the repository)")
    parser.add_argument("--site", type=Path, help="built site to serve (default: <root>/site)")
    parser.add_argument("--build", action="store_true", help="build the site first")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output folder (default {DEFAULT_OUT})")
    parser.add_argument("--widths", default=",".join(map(str, WIDTHS)), help="window widths, comma-separated")
    parser.add_argument("--height", type=int, default=2400, help="window height in pixels (default 2400)")
    parser.add_argument("--page", action="append", metavar="NAME=URL",
                        help="page to shoot (repeatable; default: a vote, a country and a body page)")
    args = parser.parse_args(argv)

    browser = find_chromium()
    if browser is None:
        print("error: no Chromium found (install the 'chromium' package or set CHROMIUM)", file=sys.stderr)
        return 2
    site = args.site or args.root / "site"
    if args.build or (args.site is None and not (site / "index.html").is_file()):
        build_site(args.root)
    pages = dict(p.split("=", 1) for p in args.page) if args.page else PAGES
    widths = [int(w) for w in args.widths.split(",") if w.strip()]
    with serve(site) as base:
        for name, path in pages.items():
            for width in widths:
                shot = screenshot(browser, base + path, args.out / f"{name}-{width}.png", width, args.height)
                print(shot)
    return 0


if __name__ == "__main__":
    sys.exit(main())
