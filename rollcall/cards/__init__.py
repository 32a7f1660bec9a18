"""Share cards: a 1200x630 PNG per vote and per country, for og:image.

    specs.py  what a card shows, and the content key of its drawing
    draw.py   drawing one card with Pillow
    write.py  the content-keyed cache (.cache/cards/), the build's child process, serve's updates
"""
