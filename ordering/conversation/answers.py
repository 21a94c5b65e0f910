"""What a customer is expected to say next, given the question the dialog just asked: the
phrases a small per-question speech model is trained on (`speech.compile_answer_model`)."""

from __future__ import annotations

from menu.model import Menu
from ordering.checkout.orders import Order
from ordering.conversation.state import Question

CONFIRM_ANSWERS = (
    "yes", "yes please", "yeah", "sure", "okay", "correct", "go ahead", "no", "no thanks",
    "not yet", "cancel", "that's wrong",
)  # fmt: skip


def expected_answers(menu: Menu, order: Order, question: Question | None) -> tuple[str, ...]:
    """Phrases answering `question` (empty when there is no question to bias towards)."""
    if question is None:
        return ()
    if question.kind in ("confirm", "cancel"):
        return CONFIRM_ANSWERS
    if question.line is None or question.line >= len(order.lines) or question.id is None:
        return ()
    line = order.lines[question.line].line
    answers: list[str] = []
    if question.kind == "group":
        for option in menu.group(question.id).options:
            for name in (option.name.en, *option.aliases.en):
                answers += [name, f"{name} please", f"a {name} one", f"make it {name}"]
    elif question.kind == "slot":
        slot = menu.combo(line.product).slot(question.id)
        for choice in slot.choices:
            item = menu.item(choice.item)
            for name in (item.name.en, *item.aliases.en):
                answers += [name, f"the {name}", f"the {name} please", f"a {name}"]
    return tuple(dict.fromkeys(answer.lower() for answer in answers))
