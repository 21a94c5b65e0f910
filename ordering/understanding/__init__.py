"""Natural-language understanding: one utterance to `order-parse/1`, built from the menu.

Pure: no I/O, no database. Compile a `Lexicon` once per menu with `compile_lexicon(menu)`, then
call `parse(lexicon, text)` for each utterance; `OrderParse.to_dict()` is the contract JSON.
"""

from ordering.understanding.lexicon import Lexicon, compile_lexicon
from ordering.understanding.order_parse import (
    INTENTS,
    Choice,
    Intent,
    OrderParse,
    ParsedLine,
    PaymentMethod,
)
from ordering.understanding.parser import parse

__all__ = [
    "INTENTS",
    "Choice",
    "Intent",
    "Lexicon",
    "OrderParse",
    "ParsedLine",
    "PaymentMethod",
    "compile_lexicon",
    "parse",
]
