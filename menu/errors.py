"""Errors of the `menu` package.

MenuError
├── InvalidFeed       a feed breaks the menu-feed/1 format (carries every problem found)
├── NoMenuLoaded      the database holds no menu yet
└── PricingError      a line cannot be priced as asked
    ├── UnknownProduct
    ├── OptionNotAllowed
    ├── IncompleteLine      a required choice is still unanswered
    └── LimitExceeded       more than the order limits allow
"""

from __future__ import annotations

from dataclasses import dataclass


class MenuError(Exception):
    """Base of every error this package raises on purpose."""


@dataclass(frozen=True, slots=True)
class FeedProblem:
    """One broken rule, with the path to the place in the feed."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class InvalidFeed(MenuError):
    def __init__(self, problems: list[FeedProblem]) -> None:
        self.problems = problems
        lines = "\n".join(f"  {problem}" for problem in problems)
        count = len(problems)
        super().__init__(
            f"invalid menu feed ({count} problem{'s' if count != 1 else ''}):\n{lines}"
        )


class NoMenuLoaded(MenuError):
    def __init__(self) -> None:
        super().__init__("no menu has been imported yet: run `breakfast menu import FEED`")


class PricingError(MenuError):
    pass


class UnknownProduct(PricingError):
    pass


class OptionNotAllowed(PricingError):
    pass


class IncompleteLine(PricingError):
    pass


class LimitExceeded(PricingError):
    pass
