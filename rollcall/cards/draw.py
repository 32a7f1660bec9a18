"""Drawing a share card: a 1200x630 PNG made with Pillow, no browser.

The card is drawn in RGB, then mapped onto a fixed palette (the site's colours and the shades
of its text colours over white) without dithering and saved as an indexed PNG: a third of the
size of an RGB PNG and faster to write. The same card, fonts and Pillow give the same bytes.
"""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

from .specs import Card, Style

WIDTH, HEIGHT = 1200, 630
MARGIN = 64
TEXT_WIDTH = WIDTH - 2 * MARGIN
TITLE_LINES = 3
SHADES = 8   # antialiasing shades of each text colour over white


class Painter:
    """Fonts, palette and the empty card, made once per process."""

    def __init__(self, style: Style) -> None:
        self.colours = {name: _rgb(value) for name, value in style.colours.items()}
        regular, bold = style.fonts
        self.fonts = {
            "brand": ImageFont.truetype(io.BytesIO(bold), 34),
            "kicker": ImageFont.truetype(io.BytesIO(regular), 28),
            "title": ImageFont.truetype(io.BytesIO(bold), 50),
            "name": ImageFont.truetype(io.BytesIO(bold), 72),
            "outcome": ImageFont.truetype(io.BytesIO(bold), 40),
            "caption": ImageFont.truetype(io.BytesIO(regular), 30),
            "address": ImageFont.truetype(io.BytesIO(regular), 24),
        }
        self.palette = _palette(self.colours)
        self.blank = self._blank()

    def _blank(self) -> Image.Image:
        image = Image.new("RGB", (WIDTH, HEIGHT), (255, 255, 255))
        draw = ImageDraw.Draw(image)
        draw.rectangle((0, 0, WIDTH, 12), fill=self.colours["accent"])
        draw.text((MARGIN, 40), "Roll Call", font=self.fonts["brand"], fill=self.colours["ink"])
        draw.line((MARGIN, HEIGHT - 78, WIDTH - MARGIN, HEIGHT - 78), fill=self.colours["line"], width=2)
        return image

    def png(self, card: Card) -> bytes:
        image = self.blank.copy()
        draw = ImageDraw.Draw(image)
        ink, muted = self.colours["ink"], self.colours["muted"]
        draw.text((MARGIN, 100), _fit(card.kicker, self.fonts["kicker"], TEXT_WIDTH), font=self.fonts["kicker"], fill=muted)
        if card.kind == "vote":
            bottom = self._lines(draw, _wrap(card.title, self.fonts["title"], TEXT_WIDTH, TITLE_LINES), 150,
                                 self.fonts["title"], 62)
            draw.text((MARGIN, max(bottom + 14, 350)), card.outcome, font=self.fonts["outcome"], fill=ink)
        else:
            self._lines(draw, _wrap(card.title, self.fonts["name"], TEXT_WIDTH, 2), 150, self.fonts["name"], 86)
            draw.text((MARGIN, 350), card.outcome, font=self.fonts["outcome"], fill=ink)
        self._bar(draw, card.counts, 420, 470)
        draw.text((MARGIN, 488), _fit(card.caption, self.fonts["caption"], TEXT_WIDTH), font=self.fonts["caption"], fill=ink)
        draw.text((MARGIN, HEIGHT - 60), card.address, font=self.fonts["address"], fill=muted)
        out = io.BytesIO()
        image.quantize(palette=self.palette, dither=Image.Dither.NONE).save(out, "PNG", compress_level=6)
        return out.getvalue()

    def _lines(self, draw: ImageDraw.ImageDraw, lines: list[str], top: int, font, step: int) -> int:
        for number, line in enumerate(lines):
            draw.text((MARGIN, top + number * step), line, font=font, fill=self.colours["ink"])
        return top + len(lines) * step

    def _bar(self, draw: ImageDraw.ImageDraw, counts: tuple[int, ...], top: int, bottom: int) -> None:
        """The result bar: yes, no, abstain (and absent) in the site's colours, left to right.
        The caption under it names every count, so colour is never the only cue."""
        total = sum(counts)
        if not total:
            draw.rectangle((MARGIN, top, WIDTH - MARGIN, bottom), outline=self.colours["line"], width=2)
            return
        names = ("yes", "no", "abstain", "absent")
        x, done = MARGIN, 0
        for name, value in zip(names, counts):
            if not value:
                continue
            done += value
            end = MARGIN + round(TEXT_WIDTH * done / total)
            if end > x:   # a share too small for a pixel is named in the caption only
                draw.rectangle((x, top, end - 1, bottom), fill=self.colours[name])
            x = end


_PAINTERS: dict[str, Painter] = {}


def painter(style: Style) -> Painter:
    """The painter of `style`, made once per process."""
    digest = style.digest
    if digest not in _PAINTERS:
        _PAINTERS[digest] = Painter(style)
    return _PAINTERS[digest]


def _wrap(text: str, font, width: int, most: int) -> list[str]:
    """Greedy word wrap into at most `most` lines; the last one ends in '…' if text is left."""
    lines: list[str] = []
    words = text.split()
    while words and len(lines) < most:
        line = words.pop(0)
        while words and font.getlength(f"{line} {words[0]}") <= width:
            line = f"{line} {words.pop(0)}"
        lines.append(_fit(line, font, width))
    if words:
        lines[-1] = _fit(lines[-1] + " " + " ".join(words), font, width, force=True)
    return lines


def _fit(text: str, font, width: int, force: bool = False) -> str:
    """`text`, cut with '…' to fit `width` (always cut when `force`)."""
    if not force and font.getlength(text) <= width:
        return text
    while text and font.getlength(text.rstrip(" ,;:") + "…") > width:
        text = text[:-1]
    return text.rstrip(" ,;:") + "…"


def _rgb(colour: str) -> tuple[int, int, int]:
    return (int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16))


def _palette(colours: dict[str, tuple[int, int, int]]) -> Image.Image:
    """White, the site's colours, and SHADES blends of each text colour over white."""
    entries = [(255, 255, 255)] + list(colours.values())
    for name in ("ink", "muted", "accent"):
        base = colours[name]
        entries += [tuple(round(255 + (c - 255) * k / SHADES) for c in base) for k in range(1, SHADES)]
    flat = [value for entry in entries for value in entry]
    image = Image.new("P", (1, 1))
    image.putpalette(flat + [0] * (768 - len(flat)))
    return image
