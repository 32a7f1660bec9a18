"""sitemap.xml and robots.txt: every HTML page of the site, at its published address.

A sitemap holds at most 50,000 addresses; past that the pages are split into sitemap-1.xml,
sitemap-2.xml, … and sitemap.xml becomes their index. Without a published address
(packages/address.py) there is no sitemap (the protocol wants absolute addresses) and robots.txt
names none. No dates: a page's last change is not something the build knows without a clock.
"""

from __future__ import annotations

from typing import Iterable
from xml.sax.saxutils import escape

from .. import urls
from .base import Page

LIMIT = 50_000
NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def listed(pages: Iterable[Page]) -> list[str]:
    """The addresses of the HTML pages a search engine should know: not the 404 page, not the
    embeds (a view for other sites' frames, with the vote page as its canonical twin)."""
    return sorted({p.url for p in pages if p.template.endswith(".html") and p.template not in ("404.html", "embed.html")})


def sitemap_files(page_urls: list[str]) -> dict[str, bytes]:
    """File name -> contents: sitemap.xml (or an index and its parts) and robots.txt."""
    robots = "User-agent: *\nAllow: /\n"
    if not urls.full(urls.home()).startswith(("https://", "http://")):
        return {"robots.txt": robots.encode()}
    files = {}
    chunks = [page_urls[i:i + LIMIT] for i in range(0, len(page_urls), LIMIT)] or [[]]
    if len(chunks) == 1:
        files["sitemap.xml"] = _urlset(chunks[0])
    else:
        parts = [f"sitemap-{n}.xml" for n in range(1, len(chunks) + 1)]
        files.update({name: _urlset(chunk) for name, chunk in zip(parts, chunks)})
        files["sitemap.xml"] = _index([urls.full(urls.within_site("/" + name)) for name in parts])
    robots += f"Sitemap: {urls.full(urls.within_site('/sitemap.xml'))}\n"
    files["robots.txt"] = robots.encode()
    return files


def _urlset(page_urls: list[str]) -> bytes:
    entries = "".join(f"<url><loc>{escape(urls.full(u))}</loc></url>\n" for u in page_urls)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{NAMESPACE}">\n{entries}</urlset>\n').encode()


def _index(locations: list[str]) -> bytes:
    entries = "".join(f"<sitemap><loc>{escape(loc)}</loc></sitemap>\n" for loc in locations)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{NAMESPACE}">\n{entries}'
            "</sitemapindex>\n").encode()
