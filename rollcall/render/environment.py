"""Jinja environment: autoescaped, StrictUndefined, with the few filters pages need."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from .. import urls
from ..pages.base import long_date
from ..public_text import public_note
from ..rules import POSITION_LABELS

if TYPE_CHECKING:
    from ..index import Index


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
    env.filters["count_of"] = count_of
    env.filters["public"] = public_note   # notes columns: only what was written for readers
    env.globals["page_chrome"] = PageChrome(env)
    env.globals.update({name: SharedMacro(env, template, name) for name, template in SHARED_MACROS.items()})
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


#: Macros that every template calls by name, without `{% from %}`: an import costs each
#: render ~20 µs (Jinja compares the partial's globals with the page's), 0.15 s a build.
SHARED_MACROS = {"worldmap": "partials/worldmap.html", "bar": "partials/votes_table.html",
                 "rows_table": "partials/votes_table.html", "pager_nav": "partials/votes_table.html"}


class _Partial:
    """A partial template's module, loaded again when the template is (serve reloads an
    edited file; a build never does)."""

    def __init__(self, env: Environment, template: str) -> None:
        self._env, self._name = env, template
        self._template = None

    def module(self):
        """The current module; `self.reloaded` says whether it changed since the last call."""
        template = self._env.get_template(self._name)
        self.reloaded = template is not self._template
        self._template = template
        return template.module


class SharedMacro(_Partial):
    """One macro of a partial template, as a global (SHARED_MACROS)."""

    def __init__(self, env: Environment, template: str, name: str) -> None:
        super().__init__(env, template)
        self._macro_name = name
        self._macro = None

    def __call__(self, *args, **kwargs) -> Markup:
        module = self.module()
        if self.reloaded:
            self._macro = getattr(module, self._macro_name)
        return self._macro(*args, **kwargs)


class PageChrome(_Partial):
    """The macros of partials/chrome.html (stylesheet link, site header, footer), each
    rendered once per base path and version and then reused: they are the same on every page."""

    def __init__(self, env: Environment) -> None:
        super().__init__(env, "partials/chrome.html")
        self._made: dict[tuple[str, str, str], Markup] = {}

    def __call__(self, part: str, version: str = "") -> Markup:
        module = self.module()
        if self.reloaded:
            self._made = {}
        key = (part, version, urls.home())
        if key not in self._made:
            arguments = [version] if part == "footer" else []
            self._made[key] = Markup(getattr(module, part)(*arguments))
        return self._made[key]



def count_of(n: int, noun: str, plural: str | None = None) -> str:
    """'1 vote', '2,048 votes': a number and its noun in the right form."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"
