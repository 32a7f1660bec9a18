"""A page that fails names the line that failed: its context builder's or its template's."""

from __future__ import annotations

import io

import pytest

from rollcall.commands import build
from rollcall.pages import vote as vote_pages
from site_support import fixed_epoch, make_fixture_project


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return make_fixture_project(tmp_path_factory.mktemp("errors") / "project")


def build_output(project, debug=False) -> tuple[int, str]:
    out = io.StringIO()
    with fixed_epoch():
        code = build.run(project, out=out, debug=debug)
    return code, out.getvalue()


def test_a_template_error_names_the_template_line(project):
    path = project.templates / "vote.html"
    original = path.read_text(encoding="utf-8")
    lines = original.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("{% block main %}")) + 1
    lines.insert(at, "{{ vote.no_such_attribute }}\n")   # inside {% block main %}
    path.write_text("".join(lines), encoding="utf-8")
    try:
        code, text = build_output(project)
    finally:
        path.write_text(original, encoding="utf-8")
    assert code == 1
    assert f"templates/vote.html:{at + 1}: -: UndefinedError:" in text, text
    assert "Traceback" not in text and "build.py build --debug" in text


def test_a_context_error_names_the_page_builder_and_keeps_the_traceback(project, monkeypatch):
    monkeypatch.setattr(vote_pages, "KIND_LABELS", {})
    monkeypatch.setenv("ROLLCALL_WORKERS", "2")   # the error crosses a worker process
    code, text = build_output(project)
    assert code == 1
    first = text.splitlines()[0]
    assert first.startswith("rollcall/pages/vote.py:") and "KeyError: '" in first, text
    assert "while building the context of /votes/" in first and first.endswith("[page]")
    code, text = build_output(project, debug=True)
    assert "Traceback (most recent call last)" in text and "in vote_context" in text


def _with_pages(project, pages: dict[str, str]):
    """Write content pages (path under content/ -> body); return a function that removes them."""
    written = []
    for relative, body in pages.items():
        path = project.content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\ntitle: {relative}\n---\n\n{body}\n", encoding="utf-8")
        written.append(path)

    def remove():
        for path in written:
            path.unlink()
    return remove


def test_a_nested_content_folder_builds_at_its_own_url(project):
    remove = _with_pages(project, {"guides/reading.md": "How to read a roll call."})
    try:
        code, text = build_output(project)
    finally:
        remove()
    assert code == 0, text
    page = (project.site / "guides" / "reading" / "index.html").read_text(encoding="utf-8")
    assert "How to read a roll call." in page


def test_content_pages_that_collide_or_name_no_body_stop_the_build(project):
    deep = "".join("  " * i + f"- level {i}\n" for i in range(12))
    remove = _with_pages(project, {"votes.md": "Mine.", "data.md": "Mine.", "bodies/unhcr.md": "UNHCR.",
                                   "deep.md": deep})
    try:
        code, text = build_output(project)
    finally:
        remove()
    assert code == 1 and "Traceback" not in text
    assert "content/votes.md:1: -: this page would be /votes/" in text and "[content-collision]" in text
    assert "content/data.md:1: -: this page would be /data/" in text
    assert "content/bodies/unhcr.md:1: -: " in text and "[content-unknown-body]" in text
    assert "content/deep.md:" in text and "[markdown-nesting]" in text
