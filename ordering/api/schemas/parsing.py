"""order-parse/1, parsing text and transcribing audio."""

from __future__ import annotations

from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
)

from ordering.api.schemas.common import examples
from ordering.understanding import Intent, PaymentMethod

# -- order-parse/1 -----------------------------------------------------------------------------


class ParsedLineOut(BaseModel):
    id: str | None = Field(description="item or combo id; null for 'that'/'it'")
    quantity: int | None
    options: list[str]
    choices: dict[str, str]


class OrderParseOut(BaseModel):
    """What one utterance says (`order-parse/1`)."""

    model_config = examples(
        {
            "intent": "add_items",
            "items": [
                {"id": "latte", "quantity": 2, "options": ["oat-milk", "size-large"], "choices": {}}
            ],
            "replaced": [],
            "payment_method": None,
            "category": None,
            "unmatched": [],
        }
    )

    intent: Intent
    items: list[ParsedLineOut]
    replaced: list[ParsedLineOut]
    payment_method: PaymentMethod | None
    category: str | None
    unmatched: list[str]


class ParseIn(BaseModel):
    model_config = ConfigDict(
        strict=True, json_schema_extra={"examples": [{"text": "two large oat lattes please"}]}
    )

    text: str = Field(max_length=2000, description="what the customer said")


class TranscribeOut(BaseModel):
    model_config = examples(
        {
            "transcript": "two egg tarts and a large latte",
            "parse": {
                "intent": "add_items",
                "items": [
                    {"id": "egg-tart", "quantity": 2, "options": [], "choices": {}},
                    {"id": "latte", "quantity": 1, "options": ["size-large"], "choices": {}},
                ],
                "replaced": [],
                "payment_method": None,
                "category": None,
                "unmatched": [],
            },
            "confidence": 0.87,
            "decode_seconds": 0.41,
            "audio_seconds": 2.6,
        }
    )

    transcript: str
    parse: OrderParseOut
    confidence: float
    decode_seconds: float
    audio_seconds: float


# -- audio -------------------------------------------------------------------------------------

AUDIO_DESCRIPTION = (
    "an audio file: WAV, AIFF, FLAC, OGG or MP3 (8-192 kHz, 1-8 channels); an empty or "
    "unreadable file, or one outside those bounds, is a 422 `unreadable-audio`, a clip over "
    "the duration limit a 413 `audio-too-long`"
)
AUDIO_SCHEMA: dict[str, Any] = {
    "type": "string",
    "format": "binary",
    "minLength": 1,
    "description": AUDIO_DESCRIPTION,
}
