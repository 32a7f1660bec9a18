#!/usr/bin/env python3
"""Draw a few share cards into a folder, for a person to look at (not part of the build).

    .venv/bin/python scripts/render_cards.py [--out DIR] [VOTE_OR_COUNTRY_ID ...]

With no ids it draws a sample: the S-35/1 vote, the vote with the longest title, a rejected
vote, one whose day is not recorded, and the cards of Iran and of the United States. Cards are
drawn exactly as the build draws them (rollcall/cards/), from datasets/ and static/.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rollcall import urls  # noqa: E402
from rollcall.cards.draw import painter  # noqa: E402
from rollcall.cards.specs import Style, all_cards  # noqa: E402
from rollcall.dataset import load_dataset  # noqa: E402
from rollcall.index import build_index  # noqa: E402
from rollcall.paths import Project  # noqa: E402


def sample(index) -> list[str]:
    votes = index.votes
    picks = ["hrc-s35-1", max(votes, key=lambda v: len(v.title)).id]
    picks += [v.id for v in votes if v.outcome == "rejected"][-1:]
    picks += [v.id for v in votes if v.date_precision != "day"][:1]
    return [p for p in picks if p in index.vote_row] + ["IRN", "USA"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ids", nargs="*", help="vote ids (hrc-s35-1) or country ids (IRN)")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "cards", help="folder to write (default build/cards)")
    args = parser.parse_args()
    project = Project(ROOT)
    dataset, problems = load_dataset(project.datasets)
    if dataset is None:
        print("datasets/ does not load; run build.py validate", file=sys.stderr)
        return 1
    urls.set_address(str(dataset.package.metadata.get("homepage", "")))
    index = build_index(dataset)
    wanted = args.ids or sample(index)
    files = {urls.file_for(urls.vote_card(i)) if i in index.vote_row else urls.file_for(urls.country_card(i)): i
             for i in wanted}
    paint = painter(Style.load(project.static))
    args.out.mkdir(parents=True, exist_ok=True)
    for card in all_cards(index):
        if card.file in files:
            target = args.out / f"{files.pop(card.file).lower()}.png"
            target.write_bytes(paint.png(card))
            print(target)
    for missing in files.values():
        print(f"no vote or country with id {missing!r}", file=sys.stderr)
    return 1 if files else 0


if __name__ == "__main__":
    sys.exit(main())
