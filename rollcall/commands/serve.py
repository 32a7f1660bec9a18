"""`python build.py serve [--port N]`: build, serve site/ on 127.0.0.1 and rebuild on edits.

Uses livereload: the browser reloads when pages are rewritten. Edits are noticed through the
OS's file notifications (watchfiles), a burst of saves becoming one rebuild. Pages are read
whole from one open file, and rebuilds replace files by rename, so a request during a rebuild
gets the old page or the new one, never an error or half a page. When the inputs are those of
the last build (the fingerprint stored with it), serving starts without rebuilding. A data or template error is
shown as an error page in the browser (and printed here) instead of stopping the server;
fixing the file recovers. The live-reload script is loaded from the server (not inline),
so the pages' Content-Security-Policy stays as published.
"""

from __future__ import annotations

import html
import mimetypes
import queue
import sys
import threading
from pathlib import Path
from typing import Callable, TextIO

from livereload import Server
from livereload.watcher import Watcher
from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler, ForceReloadHandler, StaticFileHandler
import watchfiles
from jinja2 import TemplateError
from tornado import web
from tornado.ioloop import IOLoop

from .. import fingerprint
from ..live import LiveSite, UpdateReport
from ..paths import Project
from ..render import PageError, describe_template_error
from . import build
from .validate import print_problems, problem_lines

#: Saves closer together than this (ms) are one rebuild; the wait is bounded by BURST_MAX_MS.
BURST_STEP_MS = 30
BURST_MAX_MS = 800


def run(project: Project, port: int, host: str = "127.0.0.1", out: TextIO = sys.stdout) -> int:
    _build_unless_up_to_date(project, out)
    live = LiveSite(project)
    live.load()
    _ErrorAwareHandler.live = live
    server = _Server(watcher=_NoPolling())
    # A watcher thread waits for the OS's notifications and rebuilds on that thread, so the
    # server keeps answering while pages are rewritten; browsers are told to reload from the
    # server's own loop.
    loop = IOLoop.current()
    reload_browsers = lambda: loop.add_callback(LiveReloadHandler.reload_waiters)  # noqa: E731
    threading.Thread(target=_watch, args=(live, out, reload_browsers), daemon=True).start()
    print(f"serving http://{host}:{port}/ (Ctrl-C to stop)", file=out)
    server.serve(port=port, host=host, root=str(project.site), restart_delay=0)
    return 0


def _build_unless_up_to_date(project: Project, out: TextIO) -> None:
    if fingerprint.is_up_to_date(project.root, project.site):
        print("inputs unchanged since the last build: serving it without rebuilding", file=out)
        return
    fingerprint.forget(project.root)
    inputs = fingerprint.Pending(project.root)
    if build.run(project, out) != 0:
        print("serving anyway: fix the problems above and the site will rebuild", file=out)
        return
    fingerprint.remember(project.root, inputs.wait())


def _watch(live: LiveSite, out: TextIO, reload_browsers: Callable[[], None]) -> None:
    """Notifications arrive on this thread; updates run on another, so that a save made
    while an update rewrites list pages interrupts it (`live.interrupt`) and is shown first."""
    saves: queue.SimpleQueue[bool] = queue.SimpleQueue()
    threading.Thread(target=_update_on_saves, args=(live, saves, out, reload_browsers), daemon=True).start()
    folders = [live.project.datasets, live.project.content, live.project.templates, live.project.static]
    for _ in watchfiles.watch(*[f for f in folders if f.is_dir()], debounce=BURST_MAX_MS, step=BURST_STEP_MS,
                              rust_timeout=0, yield_on_timeout=False):
        saves.put(True)
        live.interrupt.set()


def _update_on_saves(live: LiveSite, saves: "queue.SimpleQueue[bool]", out: TextIO,
                     reload_browsers: Callable[[], None]) -> None:
    while True:
        saves.get()
        live.interrupt.clear()
        while not saves.empty():   # saves that arrived meanwhile: one update covers them
            saves.get()
        _on_change(live, out, reload_browsers)


def _on_change(live: LiveSite, out: TextIO, reload_browsers: Callable[[], None]) -> None:
    changed = live.changed_files()   # what differs from the last update (saves that changed nothing drop out)
    if not changed and not live.owes_pages:
        return
    fingerprint.forget(live.project.root)   # site/ no longer is the build the record describes
    if any(p.is_relative_to(live.project.templates) for p in changed):
        _ErrorAwareHandler.template_error = None   # the old pages again until the new ones fail
    try:
        report = live.update(changed, on_visible=reload_browsers)
    except Exception as exc:  # noqa: BLE001 - the server must survive any rebuild failure
        message = _describe(exc)
        print(message, file=out)
        _ErrorAwareHandler.template_error = message
        reload_browsers()
        return
    _ErrorAwareHandler.template_error = None
    _print_report(report, out)
    reload_browsers()


def _describe(exc: Exception) -> str:
    if isinstance(exc, PageError):
        return str(exc)
    if isinstance(exc, TemplateError):
        return describe_template_error(exc)
    return f"rebuild failed: {type(exc).__name__}: {exc}"


def _print_report(report: UpdateReport, out: TextIO) -> None:
    if report.half_saved:
        print(f"{', '.join(report.changed)}: read while still being saved; the pages stay as they were "
              "until the save ends", file=out)
        return
    if report.problems is not None:
        print_problems(report.problems, out)
        print(f"{len(report.problems.errors)} problem(s): the site was not updated", file=out)
        return
    first = f", first page visible after {report.visible_after * 1000:.0f} ms" if report.visible_after else ""
    if report.interrupted:
        first += "; a newer save came first, the rest follows it"
    read = f" ({report.lines_read} changed line(s) read)" if report.lines_read is not None else ""
    print(f"{', '.join(report.changed)}{read}: rewrote {len(report.rewritten)} page(s) in "
          f"{report.seconds * 1000:.0f} ms{first}", file=out)


class _ErrorAwareHandler(StaticFileHandler):
    """Serves site/, or the list of problems while the data or templates are broken."""

    live: LiveSite | None = None
    template_error: str | None = None

    async def get(self, path: str, include_body: bool = True) -> None:
        problems = self.live.problems if self.live else None
        if (problems is not None or self.template_error) and (path == "" or path.endswith(("/", ".html"))):
            lines = problem_lines(problems) if problems is not None else [self.template_error]
            self.set_status(500)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(_error_page(lines))
            return
        data, name = self._whole_file(path)
        if data is None:
            await super().get(path, include_body)   # redirects, 403 and 404 as tornado does them
            return
        kind, _ = mimetypes.guess_type(name)
        if kind == "text/html" or (kind or "").startswith("text/"):
            kind += "; charset=utf-8"
        self.set_header("Content-Type", kind or "application/octet-stream")
        self.set_header("Cache-Control", "no-cache")
        self.finish(data if include_body else b"")

    def compute_etag(self) -> str | None:
        return super().compute_etag() if getattr(self, "absolute_path", None) else None

    def _whole_file(self, path: str) -> tuple[bytes | None, str]:
        """The file's bytes read from one open file: a rename during a rebuild swaps the whole
        file, so this is the old page or the new one (tornado's handler stats, then reads)."""
        root = Path(self.root).resolve()
        name = path + "index.html" if path == "" or path.endswith("/") else path
        target = (root / name).resolve()
        if not target.is_relative_to(root):
            return None, name
        try:
            return target.read_bytes(), name
        except OSError:
            return None, name


def _error_page(lines: list[str]) -> str:
    items = "".join(f"<li><code>{html.escape(line)}</code></li>" for line in lines)
    return ("<!doctype html><html lang=en><head><meta charset=utf-8><title>Problems · Roll Call</title>"
            "</head><body><h1>The site could not be rebuilt</h1>"
            f"<p>Fix these problems and save; this page reloads by itself.</p><ol>{items}</ol></body></html>")


class _NoPolling(Watcher):
    """livereload's watcher, told that changes are handled elsewhere (our watchfiles thread
    tells the browsers). Without it, livereload stats every file under the working folder,
    site/ included, every 0.8 s on the server's loop, delaying answers by up to seconds."""

    def start(self, callback) -> bool:  # noqa: ANN001
        return True

    def examine(self) -> tuple[None, None]:
        return None, None


class _Server(Server):
    """livereload's server with an external live-reload script and the error-aware handler."""

    def application(self, port, host, liveport=None, debug=None, live_css=True):  # noqa: ANN001
        LiveReloadHandler.watcher = self.watcher
        LiveReloadHandler.live_css = live_css
        script = b'<script src="/livereload.js?port=%d"></script>' % port
        handlers = [
            (r"/livereload", LiveReloadHandler),
            (r"/forcereload", ForceReloadHandler),
            (r"/livereload.js", LiveReloadJSHandler),
            (r"/(.*)", _ErrorAwareHandler, {"path": self.root, "default_filename": "index.html"}),
        ]

        class Inject(web.OutputTransform):
            def transform_first_chunk(self, status_code, headers, chunk, finishing):  # noqa: ANN001
                if "html" in headers.get("Content-Type", "") and b"</head>" in chunk:
                    chunk = chunk.replace(b"</head>", script + b"</head>", 1)
                    if "Content-Length" in headers:
                        headers["Content-Length"] = str(len(chunk))
                return status_code, headers, chunk

        web.Application(handlers=handlers, debug=False, transforms=[Inject]).listen(port, address=host)
