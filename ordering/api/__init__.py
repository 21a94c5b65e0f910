"""The HTTP API (FastAPI): `create_app(settings)` builds it; nothing happens on import."""

from ordering.api.app import create_app, create_worker_app

__all__ = ["create_app", "create_worker_app"]
