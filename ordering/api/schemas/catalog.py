"""The menu and the stores as the API shows them."""

from __future__ import annotations

from datetime import datetime

from pydantic import (
    BaseModel,
    Field,
)

from menu.model import Language
from ordering.api.schemas.common import examples

# -- the menu ----------------------------------------------------------------------------------


class MoneyOut(BaseModel):
    minor: int
    major: float
    text: str


class MenuOptionOut(BaseModel):
    id: str
    name: str
    price: MoneyOut


class MenuGroupOut(BaseModel):
    id: str
    name: str
    min: int
    max: int
    default: str | None
    options: list[MenuOptionOut]


class MenuChoiceOut(BaseModel):
    item: str
    name: str
    upcharge: MoneyOut
    options: list[str]


class MenuSlotOut(BaseModel):
    id: str
    name: str
    default: str | None
    choices: list[MenuChoiceOut]


class MenuProductOut(BaseModel):
    id: str
    kind: str
    name: str
    price: MoneyOut
    available: bool
    starts_at: str | None = Field(description="HH:MM when not available at the time asked")
    groups: list[MenuGroupOut]
    slots: list[MenuSlotOut]


class MenuCategoryOut(BaseModel):
    id: str
    name: str
    products: list[MenuProductOut]


class MenuOut(BaseModel):
    """What can be ordered at a time, by category."""

    model_config = examples(
        {
            "brand": "Morning Bell",
            "currency": "CNY",
            "local_time": "08:00",
            "lang": "en",
            "categories": [
                {
                    "id": "coffee",
                    "name": "Coffee",
                    "products": [
                        {
                            "id": "americano",
                            "kind": "item",
                            "name": "Americano",
                            "price": {"minor": 1500, "major": 15.0, "text": "¥15.00"},
                            "available": True,
                            "starts_at": None,
                            "groups": [],
                            "slots": [],
                        }
                    ],
                }
            ],
        }
    )

    brand: str
    currency: str
    local_time: str
    lang: Language
    categories: list[MenuCategoryOut]


class MenuImportOut(BaseModel):
    model_config = examples(
        {"version": 2, "checksum": "5d41402abc4b2a76b9719d911017c592", "brand": "bagel-cafe"}
    )

    version: int
    checksum: str
    brand: str
    imported_at: datetime


# -- stores ------------------------------------------------------------------------------------


class NearbyStoreOut(BaseModel):
    id: str
    name: str
    lat: float
    lon: float
    distance_m: int
    open: bool


class NearestOut(BaseModel):
    model_config = examples(
        {
            "stores": [
                {
                    "id": "sh-0001",
                    "name": "People's Square",
                    "lat": 31.2304,
                    "lon": 121.4737,
                    "distance_m": 412,
                    "open": True,
                }
            ]
        }
    )

    stores: list[NearbyStoreOut]
