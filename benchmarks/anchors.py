"""Anchor workloads for benchmarks/run.py: the minimal General Assembly page set, made two ways.

The page set (what the issue calls "the minimal GA page set"):
- one page per GA vote (ids `ga-…`, body_id `ga`; 6,203 of them): title, date, tallies counted
  from the positions, and a table of every position (~140 rows: country name, position);
- one page per country that has a GA position (~200): name, regional group, GA votes counted
  by position.

`write_hugo_site` writes it as a Hugo site (content files with JSON or YAML front matter and a
tiny layout); `write_jinja_script` writes a plain Python + Jinja2 script that reads datasets/
and renders the same pages. Both go into a temporary folder chosen by run.py: only this
generator code is kept in the repository.
"""

from __future__ import annotations

import csv
import json
import shutil
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

POSITIONS = ("yes", "no", "abstain", "absent")


@dataclass(frozen=True)
class MinimalPages:
    """The data of the minimal page set, read once from datasets/."""

    votes: list[dict]        # id, title, date, tally {position: n}, positions [{country, position}]
    countries: list[dict]    # id, name, group, counts {position: n}, votes


def read_minimal_pages(datasets: Path) -> MinimalPages:
    with open(datasets / "countries.csv", newline="", encoding="utf-8") as f:
        countries = {row["id"]: row for row in csv.DictReader(f)}
    with open(datasets / "regional_groups.csv", newline="", encoding="utf-8") as f:
        groups = {row["id"]: row["name"] for row in csv.DictReader(f)}
    with open(datasets / "votes.csv", newline="", encoding="utf-8") as f:
        votes = {row["id"]: {"id": row["id"], "title": row["title"], "date": row["date"], "positions": []}
                 for row in csv.DictReader(f) if row["body_id"] == "ga"}
    counts: dict[str, Counter] = defaultdict(Counter)
    with open(datasets / "positions.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            vote = votes.get(row["vote_id"])
            if vote is None:
                continue
            name = countries[row["country_id"]]["name"]
            vote["positions"].append({"country": name, "position": row["position"]})
            counts[row["country_id"]][row["position"]] += 1
    for vote in votes.values():
        tally = Counter(p["position"] for p in vote["positions"])
        vote["tally"] = {p: tally.get(p, 0) for p in POSITIONS}
    country_pages = [{"id": cid, "name": countries[cid]["name"],
                      "group": groups.get(countries[cid]["regional_group_id"], ""),
                      "counts": {p: counts[cid].get(p, 0) for p in POSITIONS},
                      "votes": sum(counts[cid].values())}
                     for cid in sorted(counts)]
    return MinimalPages(sorted(votes.values(), key=lambda v: v["id"]), country_pages)


# -- Hugo ----------------------------------------------------------------------------------

HUGO_CONFIG = """\
baseURL = "https://example.org/"
title = "Minimal GA page set"
disableKinds = ["home", "section", "taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
"""

HUGO_VOTE_LAYOUT = """\
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body>
<h1>{{ .Title }}</h1>
<p>{{ .Params.day }}</p>
<p>Yes {{ index .Params.tally "yes" }} · No {{ index .Params.tally "no" }} · Abstain {{ index .Params.tally "abstain" }} · Absent {{ index .Params.tally "absent" }}</p>
<table>
<tr><th>Country</th><th>Position</th></tr>
{{- range .Params.positions }}
<tr><td>{{ .country }}</td><td>{{ .position }}</td></tr>
{{- end }}
</table>
</body></html>
"""

HUGO_COUNTRY_LAYOUT = """\
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body>
<h1>{{ .Title }}</h1>
<p>{{ .Params.group }}</p>
<p>{{ .Params.votes }} General Assembly votes: yes {{ index .Params.counts "yes" }}, no {{ index .Params.counts "no" }}, abstain {{ index .Params.counts "abstain" }}, absent {{ index .Params.counts "absent" }}</p>
</body></html>
"""


def write_hugo_site(pages: MinimalPages, folder: Path, front_matter: str) -> int:
    """A Hugo site under `folder` with JSON or YAML front matter; returns the number of pages."""
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "layouts" / "votes").mkdir(parents=True)
    (folder / "layouts" / "countries").mkdir(parents=True)
    (folder / "content" / "votes").mkdir(parents=True)
    (folder / "content" / "countries").mkdir(parents=True)
    (folder / "config.toml").write_text(HUGO_CONFIG)
    (folder / "layouts" / "votes" / "single.html").write_text(HUGO_VOTE_LAYOUT)
    (folder / "layouts" / "countries" / "single.html").write_text(HUGO_COUNTRY_LAYOUT)
    emit = _json_front_matter if front_matter == "json" else _yaml_front_matter
    for vote in pages.votes:
        params = {"title": vote["title"] or vote["id"], "day": vote["date"], "tally": vote["tally"],
                  "positions": vote["positions"]}
        (folder / "content" / "votes" / f"{vote['id']}.md").write_text(emit(params), encoding="utf-8")
    for country in pages.countries:
        params = {"title": country["name"], "group": country["group"], "votes": country["votes"],
                  "counts": country["counts"]}
        (folder / "content" / "countries" / f"{country['id'].lower()}.md").write_text(emit(params), encoding="utf-8")
    return len(pages.votes) + len(pages.countries)


def _json_front_matter(params: dict) -> str:
    return json.dumps(params, ensure_ascii=False, indent=1) + "\n"


def _yaml_front_matter(params: dict) -> str:
    """Block-style YAML; every key and string double-quoted (JSON escapes are valid YAML)."""
    lines = ["---"]
    for key, value in params.items():
        _yaml_value(lines, json.dumps(key), value, "")
    lines.append("---")
    return "\n".join(lines) + "\n"


def _yaml_value(lines: list[str], key: str, value, indent: str) -> None:
    if isinstance(value, dict):
        lines.append(f"{indent}{key}:")
        for k, v in value.items():
            _yaml_value(lines, json.dumps(k), v, indent + "  ")
    elif isinstance(value, list):
        lines.append(f"{indent}{key}:")
        for item in value:
            first = True
            for k, v in item.items():
                lines.append(f"{indent}  {'- ' if first else '  '}{json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}")
                first = False
    else:
        lines.append(f"{indent}{key}: {json.dumps(value, ensure_ascii=False)}")


# -- plain Python + Jinja2 -------------------------------------------------------------------

JINJA_SCRIPT = '''\
"""Plain Python + Jinja2: the minimal GA page set from datasets/ (written by benchmarks/anchors.py)."""
import csv
import sys
from collections import Counter, defaultdict
from pathlib import Path

from jinja2 import Environment, DictLoader

POSITIONS = ("yes", "no", "abstain", "absent")
VOTE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body>
<h1>{{ title }}</h1>
<p>{{ day }}</p>
<p>Yes {{ tally.yes }} · No {{ tally.no }} · Abstain {{ tally.abstain }} · Absent {{ tally.absent }}</p>
<table>
<tr><th>Country</th><th>Position</th></tr>
{%- for p in positions %}
<tr><td>{{ p.country }}</td><td>{{ p.position }}</td></tr>
{%- endfor %}
</table>
</body></html>
"""
COUNTRY = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body>
<h1>{{ title }}</h1>
<p>{{ group }}</p>
<p>{{ votes }} General Assembly votes: yes {{ counts.yes }}, no {{ counts.no }}, abstain {{ counts.abstain }}, absent {{ counts.absent }}</p>
</body></html>
"""


def main(datasets, out):
    with open(datasets / "countries.csv", newline="", encoding="utf-8") as f:
        countries = {row["id"]: row for row in csv.DictReader(f)}
    with open(datasets / "regional_groups.csv", newline="", encoding="utf-8") as f:
        groups = {row["id"]: row["name"] for row in csv.DictReader(f)}
    with open(datasets / "votes.csv", newline="", encoding="utf-8") as f:
        votes = {row["id"]: {"title": row["title"] or row["id"], "day": row["date"], "positions": []}
                 for row in csv.DictReader(f) if row["body_id"] == "ga"}
    counts = defaultdict(Counter)
    with open(datasets / "positions.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            vote = votes.get(row["vote_id"])
            if vote is not None:
                vote["positions"].append({"country": countries[row["country_id"]]["name"], "position": row["position"]})
                counts[row["country_id"]][row["position"]] += 1
    env = Environment(loader=DictLoader({"vote": VOTE, "country": COUNTRY}), autoescape=True)
    vote_t, country_t = env.get_template("vote"), env.get_template("country")
    written = 0
    for vote_id, vote in votes.items():
        tally = Counter(p["position"] for p in vote["positions"])
        html = vote_t.render(tally={p: tally.get(p, 0) for p in POSITIONS}, **vote)
        target = out / "votes" / vote_id
        target.mkdir(parents=True, exist_ok=True)
        (target / "index.html").write_text(html, encoding="utf-8")
        written += 1
    for cid, c in sorted(counts.items()):
        html = country_t.render(title=countries[cid]["name"], votes=sum(c.values()),
                                group=groups.get(countries[cid]["regional_group_id"], ""),
                                counts={p: c.get(p, 0) for p in POSITIONS})
        target = out / "countries" / cid.lower()
        target.mkdir(parents=True, exist_ok=True)
        (target / "index.html").write_text(html, encoding="utf-8")
        written += 1
    print(f"wrote {written} pages")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
'''


def write_jinja_script(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "plain_jinja.py"
    script.write_text(JINJA_SCRIPT)
    return script
