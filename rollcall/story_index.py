"""The story resources of the index: UPR reviews, country mandates, civil-society statements.

Optional resources: a dataset without them gives empty collections.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pyarrow as pa

from .model import Mandate, MandateStep, Statement, UprReview


@dataclass(frozen=True)
class Stories:
    upr: tuple[UprReview, ...]
    mandates: tuple[Mandate, ...]
    statements: tuple[Statement, ...]

    def upr_of(self, country_id: str) -> list[UprReview]:
        return [r for r in self.upr if r.country_id == country_id]

    def mandates_of(self, country_id: str) -> list[Mandate]:
        return [m for m in self.mandates if m.country_id == country_id]

    def mandate_steps_of_vote(self, vote_id: str) -> list[tuple[Mandate, MandateStep]]:
        return [(m, s) for m in self.mandates for s in m.steps if s.vote_id == vote_id]

    def statements_about(self, country_id: str) -> list[Statement]:
        return [s for s in self.statements if country_id in s.countries]

    def statements_to(self, body_id: str) -> list[Statement]:
        return [s for s in self.statements if s.addressed_body_id == body_id]


def build_stories(tables: dict[str, pa.Table]) -> Stories:
    return Stories(_upr(tables), _mandates(tables), _statements(tables))


def _rows(tables: dict[str, pa.Table], name: str) -> list[dict]:
    return tables[name].to_pylist() if name in tables else []


def _upr(tables: dict[str, pa.Table]) -> tuple[UprReview, ...]:
    reviews = [UprReview(r["country_id"], r["cycle"], r["wg_session"], r["review_date"], r["participation"],
                         r["outcome_symbol"], r["source_url"], r["notes"]) for r in _rows(tables, "upr_reviews")]
    return tuple(sorted(reviews, key=lambda r: (r.country_id, r.cycle)))


def _mandates(tables: dict[str, pa.Table]) -> tuple[Mandate, ...]:
    steps: dict[str, list[tuple[int, MandateStep]]] = defaultdict(list)
    for r in _rows(tables, "mandate_votes"):
        steps[r["mandate_id"]].append((r["seq"], MandateStep(r["action"], r["symbol"], r["vote_id"],
                                                             r["source_url"], r["notes"])))
    mandates = [Mandate(r["id"], r["country_id"], r["kind"], r["title"], r["created_on"],
                        r["created_on_precision"], r["ended_on"], r["source_url"], r["notes"],
                        tuple(step for _, step in sorted(steps[r["id"]], key=lambda item: item[0])))
                for r in _rows(tables, "mandates")]
    return tuple(sorted(mandates, key=lambda m: m.id))


def _statements(tables: dict[str, pa.Table]) -> tuple[Statement, ...]:
    countries: dict[str, list[str]] = defaultdict(list)
    for r in _rows(tables, "statement_countries"):
        countries[r["statement_id"]].append(r["country_id"])
    organisations: dict[str, list[str]] = defaultdict(list)
    for r in _rows(tables, "statement_organisations"):
        organisations[r["statement_id"]].append(r["organisation"])
    statements = [Statement(r["id"], r["date"], r["date_precision"], r["title"], r["kind"],
                            r["addressed_body_id"], r["url"], r["source_url"], r["notes"],
                            tuple(sorted(countries[r["id"]])), tuple(sorted(organisations[r["id"]])))
                  for r in _rows(tables, "statements")]
    return tuple(sorted(statements, key=lambda s: (s.date, s.id), reverse=True))
