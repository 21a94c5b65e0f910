"""Amounts in a feed's minor units, shown in major units ("1500 fen" → "¥15.00")."""

from __future__ import annotations

# ISO 4217 currencies whose minor unit is not 1/100.
_EXPONENT = {"JPY": 0, "KRW": 0, "VND": 0, "CLP": 0, "ISK": 0, "BHD": 3, "KWD": 3, "JOD": 3}
_SYMBOL = {"CNY": "¥", "USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "HKD": "HK$"}


def major_units(amount: int, currency: str) -> float:
    return float(amount) / float(10 ** _EXPONENT.get(currency, 2))


def format_amount(amount: int, currency: str) -> str:
    """`1500, "CNY"` → `"¥15.00"`; unknown currencies show their code (`"CHF 15.00"`)."""
    exponent = _EXPONENT.get(currency, 2)
    number = f"{amount / 10**exponent:,.{exponent}f}"
    symbol = _SYMBOL.get(currency)
    return f"{symbol}{number}" if symbol else f"{currency} {number}"
