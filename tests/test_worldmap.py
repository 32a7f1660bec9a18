"""The shared world map: static/world.svg, rollcall.worldmap and its macro."""

from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import pycountry
import pytest

from rollcall.worldmap import (
    POSITIONS,
    WORLD_SVG,
    MapItem,
    build_vote_map,
    read_view_box,
    shape_ids,
)

REPO = Path(__file__).resolve().parents[1]
SVG_NS = "{http://www.w3.org/2000/svg}"
HREF = "/static/world.svg"

# The 193 UN member states plus the two observer states (VAT, PSE).
UN_STATES = """
AFG AGO ALB AND ARE ARG ARM ATG AUS AUT AZE BDI BEL BEN BFA BGD BGR BHR BHS BIH BLR BLZ
BOL BRA BRB BRN BTN BWA CAF CAN CHE CHL CHN CIV CMR COD COG COL COM CPV CRI CUB CYP CZE
DEU DJI DMA DNK DOM DZA ECU EGY ERI ESP EST ETH FIN FJI FRA FSM GAB GBR GEO GHA GIN GMB
GNB GNQ GRC GRD GTM GUY HND HRV HTI HUN IDN IND IRL IRN IRQ ISL ISR ITA JAM JOR JPN KAZ
KEN KGZ KHM KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA MAR MCO MDA MDG
MDV MEX MHL MKD MLI MLT MMR MNE MNG MOZ MRT MUS MWI MYS NAM NER NGA NIC NLD NOR NPL NRU
NZL OMN PAK PAN PER PHL PLW PNG POL PRK PRT PRY PSE QAT ROU RUS RWA SAU SDN SEN SGP SLB
SLE SLV SMR SOM SRB SSD STP SUR SVK SVN SWE SWZ SYC SYR TCD TGO THA TJK TKM TLS TON TTO
TUN TUR TUV TZA UGA UKR URY USA UZB VAT VCT VEN VNM VUT WSM YEM ZAF ZMB ZWE
""".split()
OBSERVERS = {"VAT", "PSE"}
# States far too small to see on a page-sized map: each must carry a dot.
TINY = """AND ATG BHR BRB COM CPV DMA FSM GRD KIR KNA LCA LIE MCO MDV MHL MLT MUS NRU
PLW SGP SMR STP SYC TON TUV VAT VCT WSM""".split()


def names_for(ids) -> dict[str, str]:
    """Realistic display names (ISO official-ish, like the UN's) for the size test."""
    return {i: getattr(c, "common_name", c.name) for i in ids if (c := pycountry.countries.get(alpha_3=i))}


@pytest.fixture(scope="module")
def svg_root() -> ET.Element:
    return ET.parse(WORLD_SVG).getroot()


@pytest.fixture(scope="module")
def macro():
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(REPO / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    return env.get_template("partials/worldmap.html").module.worldmap


def test_world_svg_is_small():
    assert WORLD_SVG.stat().st_size <= 350_000


def test_every_id_is_an_alpha3_code_or_world(svg_root):
    ids = [el.get("id") for el in svg_root.iter() if el.get("id") is not None]
    assert len(ids) == len(set(ids))
    assert "world" in ids
    assert [i for i in ids if i != "world" and not re.fullmatch(r"[A-Z]{3}", i)] == []
    assert shape_ids() == frozenset(ids) - {"world"}


def test_world_group_holds_every_country(svg_root):
    world = svg_root.find(f".//{SVG_NS}g[@id='world']")
    inside = {el.get("id") for el in world.iter() if el.get("id") not in (None, "world")}
    assert inside == shape_ids()


def test_every_un_state_has_a_shape():
    assert len(UN_STATES) == 195
    assert sorted(set(UN_STATES) - shape_ids()) == []


def test_tiny_states_have_a_dot(svg_root):
    without = [i for i in TINY if svg_root.find(f".//*[@id='{i}']/{SVG_NS}circle") is None]
    assert without == []


def test_shapes_set_no_paint_of_their_own(svg_root):
    # Fill and stroke come from the page's <use>; an attribute here would win.
    painted = [el.tag for el in svg_root.iter() if {"fill", "stroke", "style", "class"} & set(el.attrib)]
    assert painted == []


def test_read_view_box():
    assert re.fullmatch(r"0 0 \d+ \d+", read_view_box())


def test_build_vote_map_is_sorted_and_reports_missing():
    positions = {"VEN": "no", "YUG": "yes", "ARM": "no", "BRA": "abstain", "SUN": "absent", "MDV": "absent"}
    names = {"VEN": "Venezuela", "ARM": "Armenia", "BRA": "Brazil", "MDV": "Maldives"}
    vote_map = build_vote_map(positions, names, HREF, shape_ids(), "0 0 10 5")
    assert (vote_map.view_box, vote_map.shapes_href, vote_map.missing) == ("0 0 10 5", HREF, ("SUN", "YUG"))
    assert vote_map.items == (
        MapItem("ARM", "Armenia", "no"),
        MapItem("BRA", "Brazil", "abstain"),
        MapItem("MDV", "Maldives", "absent"),
        MapItem("VEN", "Venezuela", "no"),
    )
    assert [(p, [i.country_id for i in items]) for p, items in vote_map.groups] == [
        ("no", ["ARM", "VEN"]),
        ("abstain", ["BRA"]),
        ("absent", ["MDV"]),
    ]


def test_build_vote_map_does_not_depend_on_input_order():
    ids = sorted(shape_ids())
    positions = {cid: POSITIONS[i % 4] for i, cid in enumerate(ids)}
    names = {cid: cid.title() for cid in ids}
    shuffled = list(positions.items())
    random.Random(1).shuffle(shuffled)
    first = build_vote_map(positions, names, HREF, shape_ids(), "0 0 1 1")
    again = build_vote_map(dict(shuffled), names, HREF, shape_ids(), "0 0 1 1")
    assert first == again
    assert [i.country_id for i in first.items] == ids


@pytest.mark.parametrize(
    "positions, names",
    [({"FRA": "maybe"}, {"FRA": "France"}), ({"FRA": "yes"}, {})],
    ids=["unknown position", "no name"],
)
def test_build_vote_map_rejects_bad_input(positions, names):
    with pytest.raises(ValueError):
        build_vote_map(positions, names, HREF, shape_ids(), "0 0 1 1")


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.uses: list[str] = []
        self.titles: list[str] = []
        self.classes: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "use":
            self.uses.append(attrs["href"])
        elif tag == "title":
            self._in_title = True
            self.titles.append("")
        elif tag == "g":
            self.classes.append(attrs.get("class"))

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.titles[-1] += data


def test_macro_renders_uses_titles_and_escapes(macro):
    positions = {"IRN": "no", "CIV": "yes", "MDV": "absent", "YUG": "abstain"}
    names = {"IRN": "Iran", "CIV": "Côte d'Ivoire", "MDV": "<Maldives>"}
    html = str(macro(build_vote_map(positions, names, HREF, shape_ids(), read_view_box())))
    assert "&lt;Maldives&gt;" in html and "<Maldives>" not in html
    parsed = _Elements()
    parsed.feed(html)
    assert parsed.uses == [f"{HREF}#world", f"{HREF}#CIV", f"{HREF}#IRN", f"{HREF}#MDV"]
    assert parsed.titles[1:] == ["Côte d'Ivoire: Yes", "Iran: No", "<Maldives>: Absent"]
    assert parsed.classes == ["rc-yes", "rc-no", "rc-absent"]
    assert 'role="img"' in html and "<figcaption" in html
    assert "YUG" in html  # listed as not on the map
    for position in ("no", "abstain", "absent"):  # a pattern, not colour alone
        assert f'<pattern id="rc-p-{position}"' in html


def test_macro_for_all_members_is_small(macro):
    members = [i for i in UN_STATES if i not in OBSERVERS]
    names = names_for(members)
    assert len(names) == 193
    positions = {cid: ("yes", "yes", "no", "abstain", "absent")[i % 5] for i, cid in enumerate(members)}
    html = str(macro(build_vote_map(positions, names, HREF, shape_ids(), read_view_box())))
    name_bytes = sum(len(f"{n}: {p}".encode()) for n, p in zip(names.values(), positions.values()))
    # one <use href="/static/world.svg#XXX"><title>…</title></use> costs 55 bytes
    # besides its title text; the rest (patterns, legend, caption) is fixed.
    assert len(html.encode()) - name_bytes <= 193 * 55 + 2_500
    assert len(html.encode()) < 16_000


def test_the_sites_map_maker_agrees_with_build_vote_map_on_every_fixture_vote(tmp_path):
    """pages.vote.VoteMapMaker draws the site's maps from the index's arrays (fast);
    build_vote_map is the plain definition. Every fixture vote gets the same map from both."""
    from site_support import make_fixture_project

    from rollcall import urls
    from rollcall.dataset import load_dataset
    from rollcall.index import build_index
    from rollcall.rules import POSITIONS as CODES
    from rollcall.pages.vote import VoteMapMaker

    dataset, problems = load_dataset(make_fixture_project(tmp_path / "project").datasets)
    assert dataset is not None, problems.errors
    index = build_index(dataset)
    maker = VoteMapMaker(index)
    names = {c.id: c.name for c in index.countries.values()}
    for row, vote in enumerate(index.votes):
        span = index.positions.of_vote(row)
        countries, codes = index.positions.country[span], index.positions.code[span]
        positions = {index.positions.country_ids[c]: CODES[code] for c, code in zip(countries.tolist(), codes.tolist())}
        expected = build_vote_map(positions, names, urls.static("world.svg"), shape_ids(), read_view_box())
        assert maker.make(countries, codes) == expected, vote.id
