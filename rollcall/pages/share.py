"""What a page says about itself in <head> when it is shared or found: its canonical address,
OpenGraph and Twitter-card tags, its feeds, its share card and its schema.org JSON-LD.

`head_for(page, context)` is called for every page (render.page.render_page) and reads only
the context the page builder made, so `serve` and a full build give the same head.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping, NamedTuple

from markupsafe import Markup

from .. import urls
from ..packages.address import site_address
from ..model import Body, Tally, Vote
from ..packages.citation import json_ld
from .base import Page
from .describe import vote_sentence
from .embed import embed_snippet

SITE_NAME = "Roll Call"
LEGISLATION_KINDS = ("resolution", "decision")


class FeedLink(NamedTuple):
    title: str
    url: str      # absolute


class Image(NamedTuple):
    url: str      # absolute
    alt: str


class Head(NamedTuple):
    """The sharing metadata of one page (the <head> of templates/base.html shows it)."""

    canonical: str
    og_type: str                       # "website" or "article"
    description: str | None            # vote pages: the sentence vote.html's description block shows
    image: Image | None
    feeds: tuple[FeedLink, ...]
    json_ld: Markup | None
    embed: str | None = None           # vote pages: the <iframe> snippet of pages.embed


def card_alt(vote: Vote, body: Body, counted: Tally) -> str:
    tally = vote.official or counted
    return (f"Result card: {vote.title}. {vote_sentence(vote, body, counted)}: "
            f"{tally.yes} in favour, {tally.no} against, {tally.abstain} abstaining.")


def set_site_address(dataset) -> None:
    """Absolute links (canonical, feeds, cards, embeds) use the published address
    (packages/address.py: ROLLCALL_SITE_URL, the package's `homepage`, or the GitHub Pages
    address of the repository); with none configured they stay root-relative."""
    urls.set_address(site_address(dataset.package.metadata).rstrip("/"))


def site_feeds(*own: FeedLink) -> tuple[FeedLink, ...]:
    return own + (FeedLink("Roll Call: latest votes", urls.full(urls.feed())),)


def head_for(page: Page, context: Mapping[str, Any]) -> Head:
    make = HEADS.get(page.template)
    return make(page, context) if make else Head(urls.full(page.url), "website", None, None, site_feeds(), None)


def _vote_head(page: Page, context: Mapping[str, Any]) -> Head:
    vote, body, counted = context["vote"], context["body"], context["counted"]
    image = Image(urls.full(urls.vote_card(vote.id)), card_alt(vote, body, counted))
    feeds = site_feeds(FeedLink(f"Roll Call: latest votes of the {body.name}", urls.full(urls.body_feed(body.id))))
    title = context.get("title", vote.title)   # as the page shows it ("Amendment L.40 to …")
    description = f"{vote_sentence(vote, body, counted)}: “{title}”."
    return Head(urls.full(page.url), "article", description, image, feeds,
                json_ld(vote_record(vote, body, description, image.url, title)), embed_snippet(vote.id, title))


def vote_record(vote: Vote, body: Body, description: str, image: str, title: str) -> dict[str, Any]:
    """schema.org: an adopted resolution or decision is `Legislation`; any other recorded vote
    (an amendment, a motion, a rejected text) a `CreativeWork`, the record of the vote."""
    record: dict[str, Any] = {"@context": "https://schema.org", "name": title, "description": description,
                              "url": urls.full(urls.vote(vote.id)), "image": image,
                              "isPartOf": {"@type": "Dataset", "name": SITE_NAME, "url": urls.full(urls.data())}}
    passed_by = {"@type": "Organization", "name": body.name}
    if vote.kind in LEGISLATION_KINDS and vote.outcome == "adopted":
        record.update({"@type": "Legislation", "legislationDate": vote.date.isoformat(),
                       "legislationPassedBy": passed_by, "legislationType": vote.kind})
        if vote.symbol:
            record["legislationIdentifier"] = vote.symbol
    else:
        record.update({"@type": "CreativeWork", "dateCreated": vote.date.isoformat(), "creator": passed_by})
    if vote.symbol:
        record["sameAs"] = urls.document(vote.symbol)
    return record


def _country_head(page: Page, context: Mapping[str, Any]) -> Head:
    country = context["country"]
    feeds = [FeedLink(f"Roll Call: latest votes of {country.name}", urls.full(urls.country_feed(country.id)))]
    if context["about"]:
        feeds.append(FeedLink(f"Roll Call: latest votes about {country.name}",
                              urls.full(urls.country_subject_feed(country.id))))
    image = Image(urls.full(urls.country_card(country.id)), country_card_alt(country.name, context["summary"]))
    return Head(urls.full(page.url), "website", None, image, site_feeds(*feeds), None)


def record_counts(summary) -> tuple[int, int, int, int]:
    """Yes, no, abstain and absent over a country's whole record (country page's summary rows)."""
    totals = [0, 0, 0, 0]
    for row in summary:
        for i, key in enumerate(("yes", "no", "abstain", "absent")):
            totals[i] += row["counts"][key]
    return tuple(totals)  # type: ignore[return-value]


def country_card_alt(name: str, summary) -> str:
    yes, no, abstain, absent = record_counts(summary)
    total = yes + no + abstain + absent
    if not total:
        return f"Card: {name}. No recorded positions."
    return (f"Card: {name}'s record in {total:,} recorded vote{'' if total == 1 else 's'}: {yes:,} yes, {no:,} no, "
            f"{abstain:,} abstentions, {absent:,} absent or not voting.")


def _body_head(page: Page, context: Mapping[str, Any]) -> Head:
    body = context["body"]
    return Head(urls.full(page.url), "website", None, None,
                site_feeds(FeedLink(f"Roll Call: latest votes of the {body.name}", urls.full(urls.body_feed(body.id)))),
                None)


def _topic_head(page: Page, context: Mapping[str, Any]) -> Head:
    topic = context["topic"]
    return Head(urls.full(page.url), "website", None, None,
                site_feeds(FeedLink(f"Roll Call: latest votes on {topic.name}", urls.full(urls.topic_feed(topic.id)))),
                None)


HEADS: dict[str, Callable[[Page, Mapping[str, Any]], Head]] = {
    "vote.html": _vote_head, "country.html": _country_head, "body.html": _body_head,
    "body_votes.html": _body_head, "topic.html": _topic_head,
}
