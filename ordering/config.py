"""The one settings class. Read from the environment (prefix `BREAKFAST_`) or a `.env` file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from platformdirs import user_data_dir
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from ordering.logs import LogLevel


def default_data_dir() -> Path:
    return Path(user_data_dir("breakfast", appauthor=False))


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BREAKFAST_", env_file=".env", extra="ignore")

    data_dir: Path = Field(default_factory=default_data_dir)
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL; default: a SQLite file in the data directory",
    )

    speech_engine: Literal["whisper", "sphinx"] = Field(
        default="whisper",
        description="whisper (offline, its models are installed packages) or sphinx (lighter)",
    )
    whisper_model: Literal["base", "tiny.en"] = Field(
        default="base", description="base (multilingual) or tiny.en (faster, English only)"
    )
    whisper_beam_size: int = Field(default=5, ge=1, le=16, description="readings per clip")
    second_ear: bool = Field(
        default=True,
        description="with whisper: PocketSphinx, held to the menu, hears English clips too and "
        "proposes a reading that Whisper scores (names Whisper never heard, such as pinyin)",
    )
    speech_languages: list[Literal["en", "zh"]] = Field(
        default=["en"],
        min_length=1,
        description="languages customers speak, the first the default (JSON list, e.g. "
        '["en","zh"]); with more than one, each clip\'s language is detected among them '
        "(needs the multilingual base model)",
    )
    max_audio_seconds: float = Field(default=30.0, gt=0)
    card_on_file: str = Field(
        default="4242 4242 4242 4242",
        description="the test card used when a customer says 'pay by card' without a number",
    )
    bank_failure_rate: float = Field(default=0.0, ge=0, le=1, description="fake bank faults")
    bank_lost_response_rate: float = Field(default=0.0, ge=0, le=1)
    bank_delay_seconds: float = Field(default=0.0, ge=0)
    payment_stale_after_seconds: float = Field(
        default=60.0,
        gt=0,
        description="a payment still processing after this is settled from the bank's ledger",
    )
    store_count: int = Field(default=5000, ge=1, description="mock stores made on first use")
    store_seed: int = Field(default=20250318)
    admin_api_key: SecretStr | None = Field(
        default=None, description="the X-API-Key of the admin routes; unset: admin routes refuse"
    )
    max_body_bytes: int = Field(
        default=10 * 1024 * 1024, gt=0, description="largest HTTP request body"
    )
    log_level: LogLevel = Field(default="INFO", description="the server's log level")
    menu_check_seconds: float = Field(
        default=5.0, ge=0, description="how often an API worker looks for a newly imported menu"
    )

    @property
    def speech_cache_dir(self) -> Path:
        return self.data_dir / "speech-models"

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+pysqlite:///{self.data_dir / 'breakfast.sqlite3'}"

    @property
    def uses_default_database(self) -> bool:
        return not self.database_url


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
