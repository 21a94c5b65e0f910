"""Use cases for stores, and the `StoreLocator` each process keeps: it builds its index from
the database at start and rebuilds it when the catalogue version changes (another process
regenerated the stores), so every process answers from the same stores.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from store_locator.errors import NoStores
from store_locator.generate import DEFAULT_COUNT, DEFAULT_SEED, generate_table
from store_locator.geo import Position
from store_locator.index import StoreIndex
from store_locator.model import Store
from store_locator.repository import CatalogVersion, Progress, StoreRepository
from store_locator.table import StoreTable
from transactions import UnitOfWork


class StoresUnitOfWork(UnitOfWork, Protocol):
    """What the use cases need: a unit of work with a `stores` repository (the application's,
    or `repository.StoreUnitOfWork`)."""

    stores: StoreRepository


@dataclass(frozen=True, slots=True)
class NearbyStore:
    """One answer to "where is the nearest open store?"."""

    store: Store
    distance_m: float
    open: bool


@dataclass(frozen=True, slots=True)
class NearestResult:
    position: Position
    at: datetime
    k: int
    stores: tuple[NearbyStore, ...]
    open_anywhere: int  # stores open and serving breakfast anywhere at `at`
    total: int  # stores in the catalogue


def generate_stores(
    *,
    uow: StoresUnitOfWork,
    now: datetime,
    count: int = DEFAULT_COUNT,
    seed: int = DEFAULT_SEED,
    progress: Progress | None = None,
) -> CatalogVersion:
    """Replace every store with `count` mock stores from `seed`, in one transaction;
    `progress(done, total)` after each batch written."""
    table = generate_table(count, seed)
    return replace_stores(
        uow=uow,
        stores=table,
        now=now,
        source=f"generated count={count} seed={seed}",
        progress=progress,
    )


def replace_stores(
    *,
    uow: StoresUnitOfWork,
    stores: StoreTable,
    now: datetime,
    source: str,
    progress: Progress | None = None,
) -> CatalogVersion:
    with uow:
        version = uow.stores.replace(stores, now=now, source=source, progress=progress)
        uow.commit()
    return version


def list_stores(*, uow: StoresUnitOfWork) -> list[Store]:
    """Every store in id order; NoStores when there are none."""
    with uow:
        stores = uow.stores.all()
    if not stores:
        raise NoStores()
    return stores


def catalog_version(*, uow: StoresUnitOfWork) -> CatalogVersion:
    with uow:
        return uow.stores.version()


@dataclass(frozen=True, slots=True)
class _Loaded:
    version: int
    index: StoreIndex


class StoreLocator:
    """The index of the stores in the database, rebuilt when their version changes.

    `max_staleness` seconds (0: ask every time) bound how often the version is checked: one
    primary-key lookup. Thread-safe: one thread rebuilds while the others keep answering from
    the old index.
    """

    def __init__(
        self,
        *,
        uow: Callable[[], StoresUnitOfWork],
        max_staleness: float = 0.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._uow = uow
        self._max_staleness = max_staleness
        self._clock = clock
        self._loaded: _Loaded | None = None
        self._checked_at = float("-inf")
        self._lock = threading.Lock()
        self.rebuilds = 0

    def index(self) -> StoreIndex:
        """The current index, rebuilt first if the stores changed since it was built."""
        loaded = self._loaded
        now = self._clock()
        if loaded is not None and now - self._checked_at < self._max_staleness:
            return loaded.index
        with self._lock:
            with self._uow() as uow:
                version = uow.stores.version().version
                loaded = self._loaded
                if loaded is None or loaded.version != version:
                    # Read in the same transaction as the version, so they match.
                    loaded = _Loaded(version, StoreIndex(uow.stores.table()))
                    self._loaded = loaded
                    self.rebuilds += 1
            self._checked_at = now
        return loaded.index

    @property
    def version(self) -> int | None:
        """The catalogue version the current index was built from (None before the first)."""
        return self._loaded.version if self._loaded is not None else None

    def nearest(
        self, position: Position, *, at: datetime, k: int = 1, open_only: bool = True
    ) -> NearestResult:
        """The `k` nearest stores open and serving breakfast at `at` (with `open_only=False`:
        any store, each marked open or not), nearest first, ties by id. NoStores when the
        catalogue is empty; an empty answer when no store is open anywhere."""
        index = self.index()
        if len(index) == 0:
            raise NoStores()
        hits = index.nearest(position, k=k, at=at if open_only else None)
        table = index.table
        stores = []
        for hit in hits:
            store = table.store(hit.row)
            stores.append(NearbyStore(store, hit.distance_m, store.serves_breakfast_at(at)))
        return NearestResult(
            position=position,
            at=at,
            k=k,
            stores=tuple(stores),
            open_anywhere=index.open_count(at),
            total=len(index),
        )


def nearest_stores(
    *, locator: StoreLocator, position: Position, at: datetime, k: int = 1, open_only: bool = True
) -> NearestResult:
    """Use case: the nearest open stores (see `StoreLocator.nearest`)."""
    return locator.nearest(position, at=at, k=k, open_only=open_only)
