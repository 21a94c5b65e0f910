"""Card numbers: checked (length, digits, Luhn), named by brand, shown only by their last four.

A card number is used to ask the bank and then dropped: only the brand and last four digits are
ever stored, logged or shown, so `CardNumber`'s repr and str never carry the digits.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ordering.errors import InvalidCard


def luhn_valid(digits: str) -> bool:
    """The Luhn checksum of a string of digits."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def card_brand(digits: str) -> str:
    """The card network, from the number's prefix (IIN ranges)."""
    two, four, six = int(digits[:2]), int(digits[:4]), int(digits[:6])
    if digits.startswith("4"):
        return "visa"
    if 51 <= two <= 55 or 222100 <= six <= 272099:
        return "mastercard"
    if two in (34, 37):
        return "amex"
    if 3528 <= four <= 3589:
        return "jcb"
    if four == 6011 or two == 65 or 644 <= int(digits[:3]) <= 649:
        return "discover"
    if two == 62:
        return "unionpay"
    if two in (36, 38, 39) or 300 <= int(digits[:3]) <= 305:
        return "diners"
    return "unknown"


@dataclass(frozen=True, slots=True)
class CardNumber:
    """A checked card number; its repr and str show only brand and last four digits."""

    digits: str = field(repr=False)

    @classmethod
    def parse(cls, text: str) -> CardNumber:
        """Accept digits with spaces or dashes; refuse anything that is not a card number."""
        digits = "".join(char for char in text if char not in " -")
        if not digits.isascii() or not digits.isdigit() or not 12 <= len(digits) <= 19:
            raise InvalidCard("a card number has 12 to 19 digits")
        if not luhn_valid(digits):
            raise InvalidCard("that card number is not valid (its check digit is wrong)")
        return cls(digits)

    @property
    def brand(self) -> str:
        return card_brand(self.digits)

    @property
    def last4(self) -> str:
        return self.digits[-4:]

    def __repr__(self) -> str:
        return f"CardNumber({self.brand} ending {self.last4})"

    __str__ = __repr__
