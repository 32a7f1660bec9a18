"""axe-core finds no accessibility violation on one page of every kind of the fixture site.

axe-core comes from npm (pinned in tests/browser/package-lock.json, installed by `make test`).
Each page is loaded in the system's headless Chromium over http on 127.0.0.1, after the
site's own script ran, and axe.run() checks the whole document with its default rules
(WCAG 2.x A and AA, and best practices). The page is checked at desktop and phone widths;
axe is injected by Playwright (the page's CSP is bypassed for that only).
"""

from __future__ import annotations

import pytest

from whole_site import AXE_JS, pages_of_every_kind, require_node_tool, serve

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": (1280, 900), "phone": (360, 740)}
RUN_AXE = """async () => {
    const result = await axe.run(document, {resultTypes: ['violations']});
    return result.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        count: v.nodes.length, nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' — ' + (n.failureSummary || '').split('\\n').slice(1).join(' ').trim())
    }));
}"""


@pytest.fixture(scope="module")
def base_url(site):
    with serve(site) as base:
        yield base


@pytest.mark.parametrize("width", WIDTHS)
def test_no_axe_violations_on_any_kind_of_page(browser, base_url, site, width):
    axe = require_node_tool(AXE_JS).read_text(encoding="utf-8")
    w, h = WIDTHS[width]
    context = browser.new_context(bypass_csp=True, viewport={"width": w, "height": h})
    found = []
    try:
        for kind, url in pages_of_every_kind(site).items():
            page = context.new_page()
            response = page.goto(base_url + url, wait_until="load")
            assert response is not None and response.status == 200, f"{kind} {url}"
            page.add_script_tag(content=axe)
            for violation in page.evaluate(RUN_AXE):
                found.append(f"{kind} {url}: {violation['id']} ({violation['impact']}, {violation['count']} elements): "
                             f"{violation['help']}\n"
                             + "\n".join(f"    {node}" for node in violation["nodes"]))
            page.close()
    finally:
        context.close()
    assert not found, f"{len(found)} axe violation(s) at {width} width:\n" + "\n".join(found)
