"""Subject countries and topics of a new vote: derived from its title and agenda item the way
the importers derive them, or given by the contributor; every id checked against the tables."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..importers.ga_topics import topic_rows_for
from ..importers.subjects import subject_rows

#: The Main Committee whose texts a body's votes carry (the GA topic rules read it).
COMMITTEE = {"ga-c3": "Third Committee"}


@dataclass
class Links:
    subjects: list[dict[str, str]] = field(default_factory=list)
    topics: list[dict[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def vote_links(vote_id: str, body: str, session: str, title: str, agenda_item: str | None,
               subjects: list[str] | None, topics: list[str] | None,
               countries: list[dict[str, str]], topic_rows: list[dict[str, str]]) -> Links:
    """The vote_subjects and vote_topics rows for one vote, or errors naming the valid ids."""
    links = Links()
    country_ids = {c["id"] for c in countries}
    topic_ids = {t["id"] for t in topic_rows}
    if subjects is None:
        vote = {"id": vote_id, "title": title, "session": session}
        links.subjects = subject_rows([vote], countries, set())
    else:
        unknown = [s for s in subjects if s not in country_ids]
        if unknown:
            links.errors.append(f"--subjects {', '.join(unknown)}: not in countries.csv; use ids such as "
                                f"{', '.join(sorted(country_ids)[:12])}, ... (the id column of countries.csv)")
        links.subjects = [{"vote_id": vote_id, "country_id": s, "method": "curated"} for s in subjects]
    if topics is None:
        links.topics = _derived_topics(vote_id, body, session, title, agenda_item, countries)
    else:
        links.topics = [{"vote_id": vote_id, "topic_id": t} for t in topics]
    unknown = sorted({t["topic_id"] for t in links.topics} - topic_ids)
    if unknown:
        links.errors.append(f"topic(s) {', '.join(unknown)} not in topics.csv; use any of: "
                            f"{', '.join(sorted(topic_ids))}")
    return links


def _derived_topics(vote_id: str, body: str, session: str, title: str, agenda_item: str | None,
                    countries: list[dict[str, str]]) -> list[dict[str, str]]:
    if body == "hrc":
        return [{"vote_id": vote_id, "topic_id": f"hrc-item-{agenda_item}"}] if agenda_item else []
    if body in ("ga", "ga-c3"):
        vote = {"id": vote_id, "title": title, "session": session, "committee": COMMITTEE.get(body)}
        return topic_rows_for([vote], countries)
    return []


def parse_ids(text: str | None) -> list[str] | None:
    """`--subjects IRN,SYR` as ids; None when the option is absent; [] for `--subjects ""`."""
    if text is None:
        return None
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]
