"""sources/non_primary_sources.csv: the source URLs that are not UN pages, and why they stay.

Written from the datasets after every import, so the list cannot fall behind the data. The
reference tables, memberships and UPR reviews are listed in full (every URL not on a UN host);
for votes, whose sources are mostly data sets (Voeten, the OHCHR harvest), only test servers and
preview links are listed. One line per resource, column and URL, with the number of rows.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

from ..rowfiles import read_source, write_rows

REPORT = "non_primary_sources.csv"
UN_HOSTS = ("un.org", "ohchr.org", "ungeneva.org", "undocs.org", "unvienna.org")
#: Hosts that look like the UN's but are not its public site.
NOT_PUBLIC = ("un-icc.cloud",)
FULL = ("regional_groups", "countries", "body_seats", "bodies", "memberships", "upr_reviews")
FLAGGED_ONLY = ("votes",)
NOT_FOUND = "no UN page giving the same fact was found in the stored sources searched"
#: Why a host's pages are still cited, by host (subdomains included).
REASONS = {
    "fanyjok.com": ("third-party copy of the UN DGACM page 'Regional groups of Member States' (same "
                    "path dgacm/content/regional-groups); the un.org original was not among the stored "
                    "sources, so the per-country group cannot cite it yet"),
    "github.com/ariannedee": "a course exercise's CSV on GitHub; " + NOT_FOUND + " (the un.org Member States list was not stored)",
    "github.com/akvo": "front-end code of a UNEP project on GitHub listing regional groups; " + NOT_FOUND,
    "hdl.handle.net": "the Voeten data set (Harvard Dataverse), cited as the data source, not as a page",
    "un.org.au": "United Nations Association of Australia (not a UN site) reproducing a UN press release; the UN original was not seen",
    "github.com": "copy of a data file on GitHub (for admission dates: a course exercise's CSV); " + NOT_FOUND,
    "worldometers.info": "commercial statistics site; " + NOT_FOUND + " (the un.org Member States list was not stored)",
    "wikisource.org": "Wikisource transcription of a UN document; the UN original was not among the stored sources",
    "wikipedia.org": "encyclopaedia article; " + NOT_FOUND,
    "upr-info.org": "UPR Info (NGO) session or adoption summary; the OHCHR session page or Working Group report was not found",
    "upr.info": "UPR Info (NGO) session summary; the OHCHR session page or Working Group report was not found",
    "universalperiodicreview.com": "mirror of a UPR Info summary; the OHCHR session page was not found",
    "sexualrightsinitiative.org": "NGO session summary; the OHCHR session page was not found",
    "corporatemaldives.com": "news copy of the OHCHR session announcement; the OHCHR original was not found",
    "menafn.com": "news-wire copy of the OHCHR session announcement (APO Group); the OHCHR original was not found",
    "universal-rights.org": "Universal Rights Group (Geneva think tank) session report; no UN summary of these adoptions was found",
    "dfat.gov.au": ("Australian Government page of its statements in UPR Working Group reviews, each dated "
                    "the day delivered; no Working Group report or OHCHR page giving the review day was found"),
    "github.com/tony33344": "GitHub copy of the full text of a UN Working Group report; the UN original was not stored",
}
TEST_SERVER = ("UN test or development server (not the public site); the public OHCHR address of the same "
               "page was not seen in the stored sources, so it is not substituted by guesswork")
PREVIEW = "preview link of a news site; the published article's address was not seen in the stored sources"


def write_source_audit(datasets: Path, sources: Path) -> int:
    counts: Counter[tuple[str, str, str]] = Counter()
    for name in FULL + FLAGGED_ONLY:
        for row in read_source(datasets / f"{name}.csv"):
            for field, url in row.items():
                if field.endswith("source_url") and url and _listed(name, url):
                    counts[(name, field, url)] += 1
    rows = [{"resource": r, "column": f, "source_url": u, "rows": n, "kind": _kind(u), "reason": _reason(u)}
            for (r, f, u), n in counts.items()]
    return write_rows(sources / REPORT, ("resource", "column", "source_url", "rows", "kind", "reason"),
                      rows, ("resource", "column", "source_url"))


def _listed(resource: str, url: str) -> bool:
    return _kind(url) != "un" if resource in FULL else _kind(url) in ("test-server", "preview")


def _kind(url: str) -> str:
    host = (urlparse(url).hostname or "").lower()
    if any(_on(host, h) for h in NOT_PUBLIC):
        return "test-server"
    if "/preview/" in url:
        return "preview"
    return "un" if any(_on(host, h) for h in UN_HOSTS) else "non-un"


def _reason(url: str) -> str:
    kind = _kind(url)
    if kind == "test-server":
        return TEST_SERVER
    if kind == "preview":
        return PREVIEW
    host = (urlparse(url).hostname or "").lower()
    path_owner = f"{host}/{urlparse(url).path.strip('/').split('/')[0].lower()}"
    for key in (path_owner, *REASONS):
        if key in REASONS and (key == path_owner or _on(host, key)):
            return REASONS[key]
    return "not a UN page; " + NOT_FOUND


def _on(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)
