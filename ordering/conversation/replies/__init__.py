"""What the dialog says, one module per language: the same sentences in English and Chinese.

`replies_for(text, menu)` picks the language of the customer's turn: a turn with a Han character
is answered in Chinese, any other in English. The dialog decides what to say; these modules only
say it, with the menu's names in that language.
"""

from __future__ import annotations

from menu.model import Menu
from ordering.conversation.replies.chinese import ChineseReplies
from ordering.conversation.replies.english import EnglishReplies
from ordering.conversation.replies.protocol import Language, Replies
from ordering.understanding.chinese.script import has_chinese


def language_of(text: str) -> Language:
    """The language a turn is in, and so the language of its reply."""
    return "zh" if has_chinese(text) else "en"


def replies_for(text: str, menu: Menu) -> Replies:
    """The replies in the language of the customer's turn."""
    return ChineseReplies(menu) if language_of(text) == "zh" else EnglishReplies(menu)


__all__ = ["ChineseReplies", "EnglishReplies", "Language", "Replies", "language_of", "replies_for"]
