"""What one worker process keeps between requests: the services and a watch on the menu."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from menu.feed import LoadedFeed
from ordering.bootstrap import Services
from ordering.config import Settings
from ordering.understanding import Lexicon


@dataclass(frozen=True, slots=True)
class MenuSnapshot:
    """A menu and the lexicon compiled from it, taken together so a request never mixes two
    menus."""

    menu: LoadedFeed
    lexicon: Lexicon


class MenuWatch:
    """Keeps a worker's menu current when another worker imports a new one: at most every
    `interval` seconds, one query for the current version; a new checksum makes the services
    read the menu (and compile its lexicon and speech model) again."""

    def __init__(
        self,
        services: Services,
        *,
        interval: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._services = services
        self._interval = interval
        self._clock = clock
        self._checked_at = clock()
        self._lock = threading.Lock()
        self._ready: MenuSnapshot | None = None
        self._generation = 0  # counts reloads, so a snapshot taken across one is not kept

    def ready(self) -> MenuSnapshot | None:
        """The current menu when it is at hand: no check due, nothing to read or compile (so
        the event loop may call this); None otherwise, and `current` must be called."""
        if self._clock() - self._checked_at >= self._interval:
            return None
        return self._ready

    def current(self) -> MenuSnapshot:
        """The current menu, as this worker knows it (at most `interval` seconds old), with its
        lexicon; may query the database and compile, so never on the event loop."""
        now = self._clock()
        if now - self._checked_at >= self._interval:
            self._checked_at = now
            self.refresh()
        generation = self._generation
        services = self._services
        snapshot = MenuSnapshot(services.menu(), services.lexicon())
        with self._lock:
            if generation == self._generation:
                self._ready = snapshot
        return snapshot

    def refresh(self) -> None:
        """Look for a new menu now."""
        services = self._services
        with services.uow() as uow:
            version = uow.menus.current_version()
        if version is not None and version.checksum != services.menu().checksum:
            with self._lock:
                self._generation += 1
                self._ready = None
                services.reload_menu()


@dataclass(frozen=True, slots=True)
class AppState:
    services: Services
    settings: Settings
    menus: MenuWatch
