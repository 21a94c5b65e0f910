"""What one worker process keeps between requests: the services and a watch on the menu."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from menu.feed import LoadedFeed
from ordering.bootstrap import Services
from ordering.config import Settings


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

    def menu(self) -> LoadedFeed:
        """The current menu, as this worker knows it (at most `interval` seconds old)."""
        now = self._clock()
        if now - self._checked_at >= self._interval:
            self._checked_at = now
            self.refresh()
        return self._services.menu()

    def refresh(self) -> None:
        """Look for a new menu now."""
        services = self._services
        with services.uow() as uow:
            version = uow.menus.current_version()
        if version is not None and version.checksum != services.menu().checksum:
            with self._lock:
                services.reload_menu()


@dataclass(frozen=True, slots=True)
class AppState:
    services: Services
    settings: Settings
    menus: MenuWatch
