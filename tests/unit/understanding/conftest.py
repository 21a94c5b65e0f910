"""Shared fixtures: the bundled feed's menu and lexicon, compiled once per session."""

from __future__ import annotations

import pytest

from menu import BUNDLED_FEED
from menu.feed import load_feed, read_feed_file
from menu.model import Menu
from ordering.understanding import Lexicon, compile_lexicon
from tests.unit.understanding.other_menu import diner_feed


@pytest.fixture(scope="session")
def menu() -> Menu:
    return read_feed_file(BUNDLED_FEED).menu


@pytest.fixture(scope="session")
def lexicon(menu: Menu) -> Lexicon:
    return compile_lexicon(menu)


@pytest.fixture(scope="session")
def diner_menu() -> Menu:
    return load_feed(diner_feed()).menu


@pytest.fixture(scope="session")
def diner_lexicon(diner_menu: Menu) -> Lexicon:
    return compile_lexicon(diner_menu)
