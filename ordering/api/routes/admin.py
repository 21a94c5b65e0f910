"""Administration: import a menu feed (X-API-Key), and the health check."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter
from sqlalchemy import text

from ordering import services as use_cases
from ordering.api.deps import Admin, AdminJsonObject, ServicesDep, State
from ordering.api.schemas import HealthOut, MenuImportOut, problems
from ordering.db import translate_db_errors

router = APIRouter()

FEED_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "additionalProperties": True,
                    "description": "A `menu-feed/1` document.",
                },
                "examples": {
                    "abridged": {
                        "value": {
                            "schema": "menu-feed/1",
                            "brand": {
                                "id": "bagel-cafe",
                                "name": {"en": "Bagel Cafe", "zh": "贝果咖啡"},
                            },
                            "currency": "CNY",
                            "price_unit": "fen",
                            "timezone": "Asia/Shanghai",
                        }
                    }
                },
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
    version = use_cases.import_menu_document(
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
