"""The dialog's sentences in Chinese, with the menu's Chinese names and ¥ amounts.

Lines are said as "2份葡式蛋挞" or "1份拿铁（大杯、冰）": 份 is the one measure word that fits
every food, and the options worth saying follow the name. Store names come from the store
catalogue, which has them in one spelling only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from menu.model import Combo, Item, Menu, ModifierGroup, Slot
from menu.money import format_amount
from menu.pricing import Limits, Line
from ordering.checkout.orders import Order, OrderLine, StoreRef
from ordering.conversation.replies.protocol import Language
from ordering.understanding import Intent

_PAYMENT_STATUS = {"failed": "没有成功", "refunded": "已退款"}
# What the dialog offers when unsure of a parse (`phrasebook.OFFERS`, in Chinese).
_OFFERS = {"confirm": "下单", "cancel_order": "取消整个订单", "pay": "现在付款", "finish": "点完了"}


@dataclass(frozen=True, slots=True)
class ChineseReplies:
    menu: Menu
    language: Language = "zh"

    # -- words ------------------------------------------------------------------------------
    def name(self, product_id: str) -> str:
        return self.menu.product(product_id).name.zh

    def money(self, amount: int) -> str:
        return format_amount(amount, self.menu.currency)

    def describe(self, line: OrderLine | Line, *, quantity: bool = True) -> str:
        resolved = line.line if isinstance(line, OrderLine) else line
        product = self.menu.product(resolved.product)
        options = _spoken_options(self.menu, product, resolved.options)
        text = product.name.zh + (f"（{'、'.join(options)}）" if options else "")
        return f"{resolved.quantity}份{text}" if quantity else text

    # -- editing ----------------------------------------------------------------------------
    def unavailable(self, line: Line, at: datetime, reason: str) -> str:
        products = [line.product, *(component.item for component in line.choices.values())]
        for product_id in products:
            if self.menu.has_product(product_id) and not self.menu.is_available(product_id, at):
                starts = self.menu.next_start(product_id, at)
                when = f"，{starts:%H:%M}开始供应" if starts is not None else ""
                return f"抱歉，{self.name(product_id)}现在不供应{when}。"
        return "抱歉，这个现在不供应。"

    def limit(self, too_many_lines: bool, limits: Limits) -> str:
        if too_many_lines:
            return f"抱歉，一个订单最多只能有{limits.max_lines}种不同的餐品。"
        return self.too_many_of_one(limits.max_quantity)

    def refused(self, reason: str) -> str:
        return "抱歉，这样点不了。"

    def added(self, line: Line) -> str:
        return f"好的，加了{self.describe(line)}。"

    def too_many_of_one(self, limit: int) -> str:
        return f"抱歉，同一种餐品最多只能点{limit}份。"

    def now(self, line: OrderLine | Line) -> str:
        return f"好的，{self.describe(line)}。"

    def removed(self, line: OrderLine) -> str:
        return f"好的，去掉了{self.describe(line, quantity=False)}。"

    def slot_filled(self, item_id: str) -> str:
        return f"好的，{self.name(item_id)}。"

    def nothing_to_change(self) -> str:
        return "您的订单里还没有可以改的东西。"

    def option_does_not_fit(self) -> str:
        return "抱歉，这个餐品不能这样选。"

    def left_off(self, option_ids: Sequence[str]) -> str:
        names = dict.fromkeys(self.menu.option(option_id).name.zh for option_id in option_ids)
        return f"抱歉，{'、'.join(names)}和您点的餐品不能搭配，已经去掉了。"

    def not_in_order(self, product_id: str | None, *, that: bool = False) -> str:
        return f"您的订单里没有{self.name(product_id) if product_id else '这个'}。"

    def what_instead(self) -> str:
        return "您想换成什么？"

    def instead(self, line: Line) -> str:
        return f"好的，换成{self.describe(line)}。"

    def in_set(self, item_id: str, combo: Combo) -> str:
        return f"好的，{combo.name.zh}里换成{self.name(item_id)}。"

    def no_such_food(self, word: str) -> str:
        return f"抱歉，我们没有{word}。"

    # -- asking -----------------------------------------------------------------------------
    def which_choice(self, combo: Combo, slot: Slot) -> str:
        names = [self.name(c.item) for c in slot.choices]
        return f"{combo.name.zh}的{slot.name.zh}要哪一种：{or_list(names)}？"

    def which_option(self, group: ModifierGroup, owner_id: str) -> str:
        names = [option.name.zh for option in group.options]
        return f"{self.name(owner_id)}要什么{group.name.zh}：{or_list(names)}？"

    def anything_else(self) -> str:
        return "还需要别的吗？"

    def shall_i_place(self) -> str:
        return "要下单吗？"

    def not_caught(self) -> str:
        return "抱歉，我没听明白。您想点什么？"

    def what_would_you_like(self) -> str:
        return "好的。您想点什么？"

    def did_you_want(self, intent: Intent) -> str:
        return f"抱歉，您是想{_OFFERS.get(intent, '继续')}吗？"

    def what_to_change(self) -> str:
        return "好的，您想改什么？"

    # -- the order --------------------------------------------------------------------------
    def empty_order(self, *, ask: bool = False) -> str:
        return "您的订单还是空的。您想点什么？" if ask else "您的订单还是空的。"

    def read_back(self, order: Order, store: StoreRef, method: str) -> str:
        parts = [
            f"{self.describe(line)}，{self.money(line.line_total or 0)}" for line in order.lines
        ]
        distance = f"，距离{store.distance_m}米" if store.distance_m is not None else ""
        paid_by = "语音支付" if method == "voice" else "刷卡支付"
        return (
            f"您点了：{'；'.join(parts)}。合计{self.money(order.total)}，"
            f"在{store.name}取餐{distance}，{paid_by}。要下单吗？"
        )

    def you_have(self, order: Order) -> str:
        lines = "；".join(self.describe(line) for line in order.lines)
        return f"您点了：{lines}。目前合计{self.money(order.total)}。"

    def total_so_far(self, amount: int) -> str:
        return f"您的订单目前合计{self.money(amount)}。"

    def no_store_open(self) -> str:
        return "抱歉，您附近现在没有营业的门店。"

    def nearest_store(self, store: StoreRef) -> str:
        distance = f"，距离{store.distance_m}米" if store.distance_m is not None else ""
        return f"离您最近的营业门店是{store.name}{distance}。"

    # -- paying and cancelling --------------------------------------------------------------
    def payment_error(self, reason: str) -> str:
        return "抱歉，支付没有成功。"

    def paid(self, order: Order) -> str:
        return (
            f"已支付{self.money(order.total)}。您的取餐码是{' '.join(order.pickup_code or '')}。"
            "一会儿见！"
        )

    def payment_failed(self, status: str) -> str:
        outcome = _PAYMENT_STATUS.get(status, "没有成功")
        return f"抱歉，支付{outcome}。说“好的”再试一次，或者说“取消订单”。"

    def already_paid(self, order: Order) -> str:
        return f"您的订单已支付，取餐码是{' '.join(order.pickup_code or '')}。"

    def closed(self) -> str:
        return "这个订单已经取消了。要再点餐，请开始新的对话。"

    def paying_by(self, method: str) -> str:
        return f"好的，您将用{'语音支付' if method == 'voice' else '刷卡支付'}。"

    def already_cancelled(self) -> str:
        return "您的订单已经取消了。"

    def confirm_cancel(self) -> str:
        return "要取消整个订单吗？说“是的”就取消。"

    def cancel_failed(self, reason: str) -> str:
        return "抱歉，没能取消订单。"

    def cancelled(self, *, refunded: bool) -> str:
        return "您的订单已取消。" + ("付款已退回。" if refunded else "")

    def kept(self) -> str:
        return "好的，订单保持不变。"

    # -- questions --------------------------------------------------------------------------
    def category_items(self, category_id: str, product_ids: Sequence[str]) -> str:
        names = "、".join(self.name(p) for p in product_ids)
        return f"{self.menu.category(category_id).name.zh}有：{names}。"

    def category_not_served(self, category_id: str) -> str:
        return f"现在不供应{self.menu.category(category_id).name.zh}。"

    def categories(self, category_ids: Sequence[str]) -> str:
        names = "、".join(self.menu.category(c).name.zh for c in category_ids)
        return f"我们有{names}。您想点什么？"

    def nothing_served(self) -> str:
        return "现在没有供应的餐品。"

    def starts_at(self, product_id: str, amount: int) -> str:
        return f"{self.name(product_id)}{self.money(amount)}起。"

    def price_of(self, line: Line, amount: int) -> str:
        return f"{self.describe(line)}是{self.money(amount)}。"

    def help(self) -> str:
        example = "和".join(
            f"{count}份{item.name.zh}"
            for count, item in zip("两一", self.menu.items[:2], strict=False)
        )
        return f"告诉我您想点什么，比如“{example}”。点完了说“就这些”。"

    def out_of_scope(self) -> str:
        return "抱歉，我只能帮您点早餐。"


def _spoken_options(menu: Menu, product: Item | Combo, options: Iterable[str]) -> list[str]:
    """Option names worth saying (not the defaults nobody asked for)."""
    if not isinstance(product, Item):
        return []
    return [
        menu.option(option_id).name.zh
        for option_id in sorted(options)
        if option_id != menu.group_of_option(option_id).default
    ]


def or_list(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else "、".join(names[:-1]) + "还是" + names[-1]
