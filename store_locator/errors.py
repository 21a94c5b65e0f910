"""Errors of the `store_locator` package.

StoreLocatorError
├── InvalidRequest        the caller asked a malformed question (a CLI exits with code 2)
│   ├── InvalidCoordinates    latitude/longitude missing, not a number, NaN or out of range
│   ├── UnknownPlace          a place name the gazetteer cannot match (carries suggestions)
│   └── InvalidQuery          anything else about a query: k < 1, both/neither position given
├── InvalidStore          a store's data breaks a rule (bad opening hours, unknown time zone)
└── NoStores              the database holds no stores yet
"""

from __future__ import annotations


class StoreLocatorError(Exception):
    """Base of every error this package raises on purpose."""


class InvalidRequest(StoreLocatorError):
    """The question itself is malformed; nothing is wrong with the stores."""


class InvalidCoordinates(InvalidRequest):
    pass


class UnknownPlace(InvalidRequest):
    def __init__(self, name: str, suggestions: tuple[str, ...] = ()) -> None:
        self.name = name
        self.suggestions = suggestions
        hint = f" (did you mean: {', '.join(suggestions)}?)" if suggestions else ""
        super().__init__(f"unknown place '{name}'{hint}")


class InvalidQuery(InvalidRequest):
    pass


class InvalidStore(StoreLocatorError):
    pass


class NoStores(StoreLocatorError):
    def __init__(self) -> None:
        super().__init__("there are no stores yet: run `breakfast stores generate`")
