"""Composition root: builds the engine, runs migrations, and hands out units of work."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from menu import BUNDLED_FEED
from menu.feed import LoadedFeed
from menu.model import Menu
from ordering import catalog
from ordering.checkout.orders import StoreRef
from ordering.checkout.payment import FakeBank, PaymentGateway, SqlBankLedger, SqlPaymentGateway
from ordering.config import Settings, get_settings
from ordering.conversation.use_cases import StoreFinderFactory
from ordering.persistence.db import MEMORY_URL, make_engine, translate_db_errors, upgrade
from ordering.persistence.unit_of_work import SqlUnitOfWork
from ordering.speech import (
    RATE,
    AudioLimits,
    Clip,
    Recognizer,
    SpeechError,
    SphinxRecognizer,
    compile_answer_model,
    compile_menu_model,
)
from ordering.speech.readings import MenuWords
from ordering.speech.whisper import WhisperRecognizer
from ordering.understanding import Lexicon, compile_lexicon
from store_locator.errors import NoStores
from store_locator.geo import Position
from store_locator.use_cases import StoreLocator

LOG = logging.getLogger(__name__)


@dataclass
class Services:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    _menu: LoadedFeed | None = field(default=None, repr=False)
    _lexicon: Lexicon | None = field(default=None, repr=False)
    _recognizer: Recognizer | None = field(default=None, repr=False)
    _answer_recognizers: dict[tuple[str, ...], Recognizer] = field(default_factory=dict, repr=False)
    _loading: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def uow(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.sessions)

    def menu(self) -> LoadedFeed:
        """The current menu, read once per process."""
        if self._menu is None:
            with translate_db_errors(self.engine):
                self._menu = catalog.current_menu(uow=self.uow())
        return self._menu

    def reload_menu(self) -> None:
        """Forget the menu and what was compiled from it; the next use reads the database."""
        self._menu = None
        self._lexicon = None
        self._recognizer = None
        self._answer_recognizers.clear()

    def lexicon(self) -> Lexicon:
        """The understanding layer's lexicon for the current menu, compiled once per process."""
        if self._lexicon is None:
            self._lexicon = compile_lexicon(self.menu().menu)
        return self._lexicon

    @cached_property
    def audio_limits(self) -> AudioLimits:
        """What any audio input may be, from the CLI or the API alike."""
        return AudioLimits(max_seconds=self.settings.max_audio_seconds)

    def recognizer(self) -> Recognizer:
        """The configured speech engine, held to the current menu: Whisper prompted with its
        names, or PocketSphinx with a model compiled from it. Loaded once per process (by
        whichever thread asks first: `warm_recognizer` may be loading it)."""
        with self._loading:
            return self._recognizer or self._load_recognizer()

    def _load_recognizer(self) -> Recognizer:
        if self._recognizer is None:
            menu = self.menu().menu
            if self.settings.speech_engine == "sphinx":
                model = compile_menu_model(menu, self.settings.speech_cache_dir)
                self._recognizer = SphinxRecognizer(model)
            else:
                self._recognizer = WhisperRecognizer(
                    self.settings.whisper_model,
                    data_dir=self.settings.speech_cache_dir,
                    words={
                        language: MenuWords.of(menu, language)
                        for language in self.settings.speech_languages
                    },
                    beam_size=self.settings.whisper_beam_size,
                    second_ear=self._second_ear(menu),
                )
        return self._recognizer

    def prepare_second_ear(self) -> None:
        """Compile the second ear's model into the data directory, where workers will find it:
        compiling takes seconds of CPU (5.7 s for the bundled menu), and a worker busy with it
        under load missed its supervisor's ping and was killed and started again (uvicorn),
        compiling again."""
        if self.settings.speech_engine == "whisper":
            self._second_ear(self.menu().menu)

    def _second_ear(self, menu: Menu) -> Recognizer | None:
        """PocketSphinx with the menu's model, to hear beside Whisper; none when it is turned
        off or cannot load (Whisper then hears alone: logged, not fatal)."""
        if not self.settings.second_ear or "en" not in self.settings.speech_languages:
            return None
        try:
            return SphinxRecognizer(compile_menu_model(menu, self.settings.speech_cache_dir))
        except SpeechError as error:
            LOG.warning("Whisper hears without its second ear: %s", error)
            return None

    def warm_recognizer(self) -> None:
        """Load the recogniser and hear one second of silence with it, so that the first
        customer waits for neither (the first decode allocates what the others reuse). A
        recogniser that cannot load is logged; spoken turns then say why."""
        started = time.perf_counter()
        try:
            recognizer = self.recognizer()
            recognizer.transcribe(recognizer.condition(Clip(bytes(2 * RATE), "warm-up")))
        except SpeechError as error:
            LOG.warning("speech engine not ready: %s", error)
            return
        seconds = time.perf_counter() - started
        LOG.info("speech engine %s ready in %.1f s", self.settings.speech_engine, seconds)

    def warm_recognizer_in_background(self) -> threading.Thread:
        """`warm_recognizer` in a daemon thread, started: the caller goes on serving or
        listening meanwhile, and `recognizer()` waits for the load if it is still going."""
        thread = threading.Thread(target=self.warm_recognizer, name="speech-warm-up", daemon=True)
        thread.start()
        return thread

    @cached_property
    def payments(self) -> PaymentGateway:
        """One gateway per process, so the fake bank's seeded faults are shared."""
        bank = FakeBank(
            failure_rate=self.settings.bank_failure_rate,
            lost_response_rate=self.settings.bank_lost_response_rate,
            delay=self.settings.bank_delay_seconds,
            seed=None,
            ledger=SqlBankLedger(self.sessions, clock=lambda: datetime.now(UTC)),
        )
        return SqlPaymentGateway(
            self.sessions, bank, stale_after=self.settings.payment_stale_after_seconds
        )

    @cached_property
    def stores(self) -> StoreLocator:
        """The nearest-store index, built from the database and rebuilt when stores change."""
        return StoreLocator(uow=self.uow, max_staleness=5.0)

    def nearest_store(self, position: tuple[float, float], at: datetime) -> StoreRef | None:
        """The nearest store open and serving breakfast at `at`, or None."""
        try:
            found = self.stores.nearest(Position(*position), at=at, k=1).stores
        except NoStores:
            return None
        if not found:
            return None
        nearby = found[0]
        return StoreRef(nearby.store.id, nearby.store.name, round(nearby.distance_m))

    def store_finder(self) -> StoreFinderFactory:
        return StoreFinderFactory(self.nearest_store)

    def answer_recognizer(self, answers: tuple[str, ...]) -> Recognizer | None:
        """A recogniser biased to the answers of the dialog's pending question (PocketSphinx
        only; None when there is no question or another engine is configured)."""
        if not answers or self.settings.speech_engine != "sphinx":
            return None
        found = self._answer_recognizers.get(answers)
        if found is None:
            model = compile_answer_model(answers, self.menu().menu, self.settings.speech_cache_dir)
            found = self._answer_recognizers[answers] = SphinxRecognizer(model)
        return found

    def close(self) -> None:
        self.engine.dispose()


def build_services(
    settings: Settings | None = None,
    *,
    menu_feed: Path | None = None,
    seed_menu: bool = True,
    migrate: bool = True,
) -> Services:
    """Wire the real adapters. With `menu_feed`, use a fresh in-memory database holding that
    feed (the evaluation contract's `--menu FEED`); otherwise the configured database, migrated
    and, on first use, seeded with the bundled menu."""
    settings = settings or get_settings()
    url = MEMORY_URL if menu_feed is not None else settings.resolved_database_url()
    engine = make_engine(url)
    built = Services(settings, engine, sessionmaker(engine, expire_on_commit=False))
    now = datetime.now(UTC)
    try:
        if migrate or menu_feed is not None:
            upgrade(engine)
        with translate_db_errors(engine):
            if menu_feed is not None:
                catalog.import_menu(uow=built.uow(), feed_path=menu_feed, now=now)
            elif seed_menu:
                catalog.ensure_menu(uow=built.uow(), default_feed=BUNDLED_FEED, now=now)
            if seed_menu or menu_feed is not None:
                catalog.ensure_stores(
                    uow=built.uow(), count=settings.store_count, seed=settings.store_seed, now=now
                )
    except BaseException:
        built.close()
        raise
    return built
