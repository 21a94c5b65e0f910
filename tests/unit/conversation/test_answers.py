from menu.model import Menu
from menu.pricing import Line
from ordering.checkout.orders import Order
from ordering.conversation.answers import CONFIRM_ANSWERS, expected_answers
from ordering.conversation.state import Question


def test_answers_follow_the_question(reference_menu: Menu) -> None:
    order = Order.start(reference_menu)
    order = order.add_line(reference_menu, Line("latte")).add_line(
        reference_menu, Line("panini-set")
    )
    sizes = expected_answers(reference_menu, order, Question("group", 0, "coffee-size"))
    assert {"large", "small please", "make it grande"} <= set(sizes)
    paninis = expected_answers(reference_menu, order, Question("slot", 1, "main"))
    assert "the bacon panini" in paninis and "pork patty and cheese panini" in paninis
    assert expected_answers(reference_menu, order, Question("confirm")) == CONFIRM_ANSWERS
    assert expected_answers(reference_menu, order, None) == ()
