"""The build cache: pages (and downloads) whose inputs did not change are not made again.

A page's key (pagekeys.py) is the digest of everything it can show: the site-wide inputs
(inputs.py: templates, static files, code, content, releases, every dataset table that is not
per vote, configuration and library versions) and, for the votes, what the page says it shows
(`Page.shows`, the seam `serve` and `diff` use): the digests (votes.py) of its own votes, of
every vote of the countries whose positions it aggregates (limited to one body and decade for
a record page), or of every vote. The key is computed from the new inputs only, never from a
record of the last build, so a page can only be reused when what it shows is the same.

    inputs.py     the site-wide digest
    votes.py      one digest per vote, per country and per (country, body, decade)
    pagekeys.py   a page's key from its Shows record
    pages.py      the page store: .cache/pages/, linked into the staging folder
    downloads.py  the data downloads' releases part, cached beside the latest (call site)

The cache lives in `.cache/` (gitignored): delete it at any time; `build --no-cache` ignores it.
"""
