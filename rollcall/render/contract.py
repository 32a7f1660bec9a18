"""The template contract: every name a template may use, declared in one place.

Templates only display. What they may read is either a global of the environment (GLOBALS,
the same for every page), a value passed to every page (EVERY_PAGE), or a key of the context
that the page builder of that template returns (CONTEXT). A template states the globals it
calls in its first line, `{#- uses: name, name -#}`, so it can be read on its own.
tests/test_template_contract.py fails when a template uses a name not declared here, when a
page builder returns keys other than those declared for its template, or when a template's
`uses:` line is not the globals it calls.
"""

from __future__ import annotations

GLOBALS: dict[str, str] = {
    "urls": "rollcall.urls: every link and file address (the one place that knows URL shapes)",
    "position_labels": "position id -> label (rules.POSITION_LABELS)",
    "page_chrome": "page_chrome(part, version): the stylesheet link, header or footer of "
                   "partials/chrome.html, rendered once per build",
    "worldmap": "macro worldmap(map) of partials/worldmap.html: a vote's map",
    "bar": "macro bar(segments, label) of partials/votes_table.html: a stacked result bar",
    "rows_table": "macro rows_table(rows, caption) of partials/votes_table.html: a table of votes",
    "pager_nav": "macro pager_nav(pager) of partials/votes_table.html: links to a list's pages",
    "list_rows": "fragments: the <tr> of each vote row number given (partials/rows.html vote_tr)",
    "record_rows": "fragments: the <tr> of each (vote row, position code) pair (record_tr)",
    "country_items": "fragments: the <li> link of each country id (country_li)",
    "map_uses": "fragments: the map shape of each (country, position) item (worldmap map_item)",
    "group_rows": "fragments: the regional-group <tr> of each (group, counts) pair (group_tr)",
}
"""Globals installed by render.environment.make_environment and install_fragments."""

EVERY_PAGE: dict[str, str] = {
    "page_title": "the page's title (Page.title)",
    "version": "the data version shown in the footer and citations",
    "share": "pages.share.Head: canonical address, feeds, share card, JSON-LD and embed snippet of the page",
}

CONTEXT: dict[str, tuple[str, ...]] = {
    "404.html": (),
    "bodies.html": ("bodies",),
    "body.html": ("body", "coverage", "description_html", "latest", "members_by_year", "outcomes", "parent", "per_year",
                  "seats", "sessions", "statements", "upr_sessions", "vote_count", "votes_url"),
    "body_votes.html": ("body", "pager", "rows"),
    "compare.html": ("bodies", "index_url", "on_pages", "slice_url", "subjects", "topics", "voters"),
    "content.html": ("page",),
    "countries.html": ("countries",),
    "country.html": ("about", "about_chart", "agreement", "country", "downloads", "group", "mandates",
                     "on_others", "on_url", "predecessors", "statements", "successor", "summary", "term_votes", "terms", "timeline",
                     "upr"),
    "country_on.html": ("compare_url", "country", "subjects"),
    "country_record.html": ("country", "record", "records"),
    "data.html": ("address", "cc0", "coverage", "current_release", "dictionary_url", "json_ld", "latest",
                  "licence_counts", "licences", "package", "releases", "tables", "unreleased", "vote_count"),
    "data_dictionary.html": ("data_url", "descriptor", "package_version", "resources", "snippets"),
    "embed.html": ("body", "document_url", "outcome_label", "result_bar", "sentence", "tally", "vote", "vote_url"),
    "feed.xml": ("entries", "feed"),
    "data_release.html": ("citation", "data_url", "downloads", "first", "is_latest", "json_ld",
                          "licence_counts", "previous", "release", "resources", "vote_counts", "votes"),
    "home.html": ("coverage", "intro_html", "latest", "numbers"),
    "topic.html": ("pager", "rows", "topic"),
    "topics.html": ("topics",),
    "search.html": (),
    "vote.html": ("acknowledged", "body", "citation", "counted", "differences", "document_url",
                  "downloads", "groups", "kind_label", "mandates", "map", "noted_positions",
                  "outcome_label", "positions", "related", "release_url", "result_bar", "status_label",
                  "story", "subjects", "terms", "text", "title", "topics", "vote"),
    "votes.html": ("current", "facets", "heading", "pager", "rows"),
}
"""Page template -> the keys its page builder's context has (rollcall/pages/)."""

INCLUDED: dict[str, tuple[str, ...]] = {
    "partials/statements.html": ("statements",),
    "partials/coverage.html": ("coverage",),
    "partials/licence_counts.html": ("licence_counts",),
}
"""Partials included (not called) by page templates -> the includer's context keys they read."""
