"""Administration: import a menu feed (X-API-Key), and the health check."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter
from sqlalchemy import text

from menu.feed import SCHEMA, FeedShape
from ordering import catalog
from ordering.api.deps import Admin, AdminJsonObject, ServicesDep, State
from ordering.api.schemas import HealthOut, MenuImportOut, problems
from ordering.persistence.db import translate_db_errors

router = APIRouter()


def _inlined(schema: Any, definitions: dict[str, Any]) -> Any:
    """`schema` with its `$ref`s to `definitions` replaced by what they name (none recurse)."""
    if isinstance(schema, dict):
        ref = schema.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            return _inlined(definitions[ref.removeprefix("#/$defs/")], definitions)
        return {key: _inlined(value, definitions) for key, value in schema.items()}
    if isinstance(schema, list):
        return [_inlined(item, definitions) for item in schema]
    return schema


def feed_schema() -> dict[str, Any]:
    """The shape of a `menu-feed/1` document as JSON Schema: what `load_feed` checks first."""
    shape = FeedShape.model_json_schema()
    schema: dict[str, Any] = _inlined(shape, shape.pop("$defs", {}))
    # The shape's `schema_` is the document's `schema` (a name pydantic models cannot use).
    schema["properties"] = {
        ("schema" if name == "schema_" else name): value
        for name, value in schema["properties"].items()
    }
    schema["properties"]["schema"] = {"type": "string", "const": SCHEMA}
    schema["required"] = ["schema" if name == "schema_" else name for name in schema["required"]]
    schema.pop("title", None)
    schema["description"] = (
        f"A `{SCHEMA}` document. Past its shape, the format's rules are checked (unique ids, "
        "references, limits, defaults, dayparts, prices, both languages): a feed breaking "
        "any is a 422 `invalid-feed` listing every problem, and changes nothing."
    )
    return schema


# A whole feed, if a small one: one daypart, category, option group and item.
FEED_EXAMPLE: dict[str, Any] = {
    "schema": SCHEMA,
    "brand": {"id": "bagel-cafe", "name": {"en": "Bagel Cafe", "zh": "贝果咖啡"}},
    "currency": "CNY",
    "price_unit": "fen",
    "timezone": "Asia/Shanghai",
    "dayparts": [
        {"id": "all-day", "name": {"en": "All day", "zh": "全天"}, "start": "06:00", "end": "20:00"}
    ],
    "categories": [{"id": "bagels", "name": {"en": "Bagels", "zh": "贝果"}}],
    "modifier_groups": [
        {
            "id": "spread",
            "name": {"en": "Spread", "zh": "涂酱"},
            "min": 0,
            "max": 1,
            "default": "cream-cheese",
            "options": [
                {
                    "id": "cream-cheese",
                    "name": {"en": "Cream cheese", "zh": "奶油奶酪"},
                    "price": 300,
                    "aliases": {"en": ["cream cheese"], "zh": ["奶酪"]},
                }
            ],
        }
    ],
    "items": [
        {
            "id": "plain-bagel",
            "category": "bagels",
            "name": {"en": "Plain Bagel", "zh": "原味贝果"},
            "aliases": {"en": ["plain bagel", "bagel"], "zh": ["贝果"]},
            "price": 1200,
            "dayparts": ["all-day"],
            "modifier_groups": ["spread"],
        }
    ],
}

FEED_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": feed_schema(),
                "examples": {"small": {"value": FEED_EXAMPLE}},
            }
        },
    }
}


@router.post(
    "/admin/menu",
    tags=["admin"],
    status_code=201,
    dependencies=[Admin],
    response_model=MenuImportOut,
    responses=problems(401, 413),
    openapi_extra=FEED_BODY,
)
def import_menu(feed: AdminJsonObject, services: ServicesDep, state: State) -> dict[str, Any]:
    """Replace the menu with a feed in one transaction (a bad feed changes nothing)."""
    version = catalog.import_menu_document(
        uow=services.uow(), document=feed, source="POST /admin/menu", now=datetime.now(UTC)
    )
    state.menus.refresh()
    return {
        "version": version.id,
        "checksum": version.checksum,
        "brand": version.brand_id,
        "imported_at": version.imported_at,
    }


@router.get("/healthz", tags=["admin"], response_model=HealthOut, responses=problems(503))
def health(services: ServicesDep) -> dict[str, str]:
    """Up, and the database answers."""
    with translate_db_errors(services.engine), services.uow() as uow:
        uow.session.execute(text("select 1"))
    return {"status": "ok", "database": "ok"}
