"""One page: its context built, its template rendered, and a failure reported where it happened."""

from __future__ import annotations

import traceback
from pathlib import Path
from types import TracebackType

from jinja2 import Environment, TemplateError, TemplateSyntaxError

from ..pages.base import Page
from ..pages.share import head_for

PACKAGE = Path(__file__).resolve().parents[1]   # rollcall/


class PageError(Exception):
    """A page could not be made. The message is a `file:line: -: problem [code]` line naming the
    page builder's or the template's own line; `details` keeps the traceback (shown with --debug)."""

    def __init__(self, message: str, details: str = "") -> None:
        super().__init__(message)
        self.details = details

    def __reduce__(self):   # sent from a render worker with its traceback (--debug shows it)
        return (type(self), (str(self), self.details))

    @classmethod
    def in_context(cls, page: Page, cause: BaseException) -> "PageError":
        where = _innermost(cause.__traceback__, _in_package) or ("rollcall", 0)
        return cls(f"{where[0]}:{where[1]}: -: {type(cause).__name__}: {cause} "
                   f"(while building the context of {page.url}) [page]", _details(cause))

    @classmethod
    def in_template(cls, page: Page, cause: BaseException, env: Environment) -> "PageError":
        if isinstance(cause, TemplateSyntaxError):
            where = (f"templates/{cause.name}", cause.lineno)
        else:
            folder = Path(env.loader.searchpath[0]).resolve()  # type: ignore[union-attr]
            where = (_innermost(cause.__traceback__, lambda path: _in_folder(path, folder, "templates"))
                     or (f"templates/{page.template}", 1))
        return cls(f"{where[0]}:{where[1]}: -: {type(cause).__name__}: {cause} "
                   f"(while rendering {page.url}) [template]", _details(cause))


def render_page(env: Environment, page: Page, version: str) -> bytes:
    """The page's HTML; PageError if its context builder or its template fails."""
    try:
        context = page.resolve()
    except Exception as exc:  # noqa: BLE001 - any failure is reported, never half-written
        raise PageError.in_context(page, exc) from None
    try:
        html = env.get_template(page.template).render(**context, page_title=page.title, version=version,
                                                      share=head_for(page, context))
    except Exception as exc:  # noqa: BLE001
        raise PageError.in_template(page, exc, env) from None
    return html.encode("utf-8")


def describe_template_error(exc: TemplateError) -> str:
    """A template error raised outside a page (e.g. while compiling every template)."""
    if isinstance(exc, TemplateSyntaxError):
        return f"templates/{exc.name}:{exc.lineno}: -: {exc.message} [template]"
    return f"templates: {type(exc).__name__}: {exc} [template]"


def _innermost(tb: TracebackType | None, shown) -> tuple[str, int] | None:
    """The deepest frame of `tb` whose file `shown` names: (that name, line). Jinja rewrites
    tracebacks so that template frames carry the template's file and line."""
    found = None
    for frame, line in traceback.walk_tb(tb):
        name = shown(Path(frame.f_code.co_filename).resolve())
        if name:
            found = (name, line)
    return found


def _in_package(path: Path) -> str | None:
    return _in_folder(path, PACKAGE, "rollcall")


def _in_folder(path: Path, folder: Path, label: str) -> str | None:
    return f"{label}/{path.relative_to(folder).as_posix()}" if path.is_relative_to(folder) else None


def _details(cause: BaseException) -> str:
    return "".join(traceback.format_exception(type(cause), cause, cause.__traceback__))
