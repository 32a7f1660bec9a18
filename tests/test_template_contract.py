"""The template contract (rollcall/render/contract.py) holds: templates use only declared
names, page builders return exactly the declared keys, and each template's `uses:` line names
the globals it calls."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from jinja2 import meta

from rollcall.children import Child
from rollcall.dataset import load_dataset
from rollcall.index import build_index
from rollcall.output import OutputFolder
from rollcall.packages.publish import publish_data
from rollcall.packages.releases import load_releases
from rollcall.pages.catalogue import SiteInputs, all_pages
from rollcall.pages.content import load_content
from rollcall.pages.data import data_pages
from rollcall.render import make_environment
from rollcall.render.contract import CONTEXT, EVERY_PAGE, GLOBALS, INCLUDED
from site_support import REPO

TEMPLATES = REPO / "templates"
USES = re.compile(r"\{#- uses: ([a-z_, ]*) -#\}\n")


def analysis_environment():
    env = make_environment(TEMPLATES)
    env.globals = {}   # so that every global a template reads counts as a name it uses
    return env


def names_used(env, name: str) -> set[str]:
    """The names `name` reads, with those of the partials it includes or extends."""
    ast = env.parse(env.loader.get_source(env, name)[0])
    used = set(meta.find_undeclared_variables(ast))
    for other in meta.find_referenced_templates(ast):
        used |= names_used(env, other)
    return used


ALL = sorted(analysis_environment().list_templates(extensions=["html", "xml"]))


@pytest.mark.parametrize("name", ALL)
def test_a_template_uses_only_declared_names(name):
    env = analysis_environment()
    allowed = set(GLOBALS) | set(EVERY_PAGE) | set(CONTEXT.get(name, ())) | set(INCLUDED.get(name, ()))
    if name.startswith("partials/") and name not in INCLUDED:
        allowed -= set(EVERY_PAGE)   # macros see only their arguments and the globals
    undeclared = names_used(env, name) - allowed
    assert not undeclared, f"templates/{name} uses {sorted(undeclared)}: declare them in rollcall/render/contract.py"
    unused = set(CONTEXT.get(name, ())) - names_used(env, name)
    assert not unused, f"templates/{name} never shows {sorted(unused)}: drop them from its context and the contract"


@pytest.mark.parametrize("name", ALL)
def test_a_template_says_which_globals_it_calls(name):
    env = analysis_environment()
    source = (TEMPLATES / name).read_text(encoding="utf-8")
    ast = env.parse(source)
    called = sorted(set(meta.find_undeclared_variables(ast)) & set(GLOBALS))
    match = USES.match(source)
    declared = sorted(n.strip() for n in match.group(1).split(",") if n.strip() != "none") if match else None
    assert declared == called, f"templates/{name} should start with {{#- uses: {', '.join(called) or 'none'} -#}}"


def test_page_builders_return_the_declared_keys(site_project, tmp_path):
    dataset, problems = load_dataset(site_project.datasets)
    assert dataset is not None, problems.errors
    index = build_index(dataset)
    content = tuple(load_content(site_project.content, problems))
    releases = load_releases(REPO / "releases", problems)
    pages = list(all_pages(SiteInputs(dataset, index, content, site_project.static, releases)))
    published = Child("data", publish_data, dataset, releases, OutputFolder(tmp_path / "site")).result()
    pages += data_pages(index, dataset, published)
    seen = {}
    for page in pages:
        seen.setdefault(page.template, page)
    assert set(seen) == set(CONTEXT), "every page template is declared, and only those"
    for template, page in seen.items():
        assert sorted(page.resolve()) == sorted(CONTEXT[template]), template
