"""Jinja environment: autoescaped, StrictUndefined, with the few filters pages need."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from . import urls
from .model import POSITION_LABELS


def make_environment(templates: Path) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(templates)),
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
    return env


def long_date(value: date | None) -> str:
    if value is None:
        return "—"
    return f"{value.day} {value.strftime('%B')} {value.year}"
