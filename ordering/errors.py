"""Errors of the `ordering` application (menu errors come from `menu.errors`).

OrderingError
├── DatabaseUnavailable   the configured database cannot be reached or used
└── InvalidInput          a command-line or API argument is malformed
"""

from __future__ import annotations


class OrderingError(Exception):
    """Base of every error this package raises on purpose."""


class DatabaseUnavailable(OrderingError):
    pass


class InvalidInput(OrderingError):
    pass
