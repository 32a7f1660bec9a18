"""Jinja environment: autoescaped, StrictUndefined, with the few filters pages need."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from . import urls
from .model import POSITION_LABELS

if TYPE_CHECKING:
    from .index import Index


def make_environment(templates: Path, index: "Index | None" = None, *, auto_reload: bool = True) -> Environment:
    """The Jinja environment; with an index, also the memoised fragments (list_rows, record_rows, ...).

    auto_reload=False (a build: the templates cannot change meanwhile) saves the check of
    every template file's modification time on each of ~9,400 page renders.
    """
    env = Environment(
        loader=FileSystemLoader(str(templates)),
        auto_reload=auto_reload,
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["urls"] = urls
    env.globals["position_labels"] = POSITION_LABELS
    env.filters["long_date"] = long_date
    env.filters["thousands"] = lambda n: f"{n:,}"
    env.filters["percent"] = lambda x: f"{x * 100:.0f}%"
    env.globals["page_chrome"] = PageChrome(env)
    if index is not None:
        install_fragments(env, index)
    return env


def install_fragments(env: Environment, index: "Index") -> None:
    """Bind the per-vote fragments of `index` as template globals.

    Jinja snapshots the globals when it first evaluates an imported template (macros), so
    the globals are installed once, as methods of a stable holder; a new index only
    changes what the holder points at.
    """
    from .fragments import Fragments, FragmentsHolder
    holder = env.globals.get("fragments")
    if not isinstance(holder, FragmentsHolder):
        holder = FragmentsHolder()
        env.globals.update(fragments=holder, **holder.globals())
    holder.current = Fragments(env, index)


class PageChrome:
    """The macros of partials/chrome.html (stylesheet link, site header, footer), each
    rendered once per base path and version and then reused: they are the same on every page."""

    def __init__(self, env: Environment) -> None:
        self._env = env
        self._template = None
        self._made: dict[tuple[str, str, str], Markup] = {}

    def __call__(self, part: str, version: str = "") -> Markup:
        template = self._env.get_template("partials/chrome.html")
        if template is not self._template:   # first use, or reloaded after an edit (serve)
            self._template, self._made = template, {}
        key = (part, version, urls.home())
        if key not in self._made:
            arguments = [version] if part == "footer" else []
            self._made[key] = Markup(getattr(template.module, part)(*arguments))
        return self._made[key]


def long_date(value: date | None) -> str:
    if value is None:
        return "—"
    return f"{value.day} {value.strftime('%B')} {value.year}"
