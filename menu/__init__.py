"""Menus: the menu-feed/1 format, the menu database and the feed's pricing rules."""

from pathlib import Path

BUNDLED_FEED = Path(__file__).parent / "data" / "breakfast-menu.json"
