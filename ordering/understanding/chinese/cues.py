"""Intent cues: generic Chinese patterns over the utterance with menu words masked.

Products appear as `ITEM`, options as `OPT` and quantities as `QTY` in the text these patterns
see, so a menu word can never trigger an intent: "不要拿铁了" is a removal (不要 ITEM 了) and
"不要糖" an option. Patterns are listed separated by white space.
"""

from __future__ import annotations

import re

from ordering.understanding.order_parse import PaymentMethod

ITEM = "\ue000"
OPT = "\ue001"
QTY = "\ue002"


def _any(patterns: str) -> re.Pattern[str]:
    masked = patterns.replace("ITEM", ITEM).replace("OPT", OPT).replace("QTY", QTY)
    return re.compile("|".join(f"(?:{pattern})" for pattern in masked.split()))


PRICE = _any(
    r"""
    多少钱 多少块 几块钱 几块 几元 多少元 什么价 价格 价钱 价位 怎么卖 多钱 贵不贵 贵吗 总价
    要付多少
    收多少 (一共|总共|总计|合计|加起来)(是)?多少 \bprice\b how\smuch
    """
)
PAY = _any(
    r"""
    语音支付 声音支付 语音付 用语音 刷卡 用卡 银行卡 信用卡 借记卡 卡(来)?(付|支付|结) 付款 支付
    付钱
    买单 结账 结帐 埋单 扫码 \bpay\b 刷\S{0,3}卡 用\S{0,3}卡
    """
)
_CARD = re.compile(r"卡|\bcard\b")
_VOICE = re.compile(r"语音|声音|\bvoice\b")
STORE = _any(
    r"""
    店 取餐 自取 取货 (哪里|哪儿|哪|什么地方)(取|拿|领) (去|到)(哪里|哪儿|哪)(取|拿) 地址 营业 开门
    关门
    几点(开|关) 多远 附近 最近的
    """
)
HELP = _any(
    r"""
    ^帮助 帮助$ 帮帮我 需要帮助 怎么(点|下单|用|使用|操作|订|买) 如何(点|下单|使用|操作|订)
    (能|可以|会)(做|干)什么 你会什么 (该|能|可以|要)(说|讲)什么 不知道(怎么|要|该|点) 教我
    使用说明 有什么功能 ^help$
    """
)
REPEAT = _any(
    r"""
    再(说|讲|念|读|重复)(一|1)?(遍|次|下) 重复(一)?(下|遍|次)? 没听(清|懂|见|到) 听不(清|懂|见)
    (你|刚才|刚刚)(说|讲)(的)?(什么|啥) (我|都)(点|要)了(什么|啥|哪些|些什么)
    (订单|购物车|我的单)(里|里面|上)?(有|是)(什么|啥|哪些) (念|读)(一下|一遍) 我的订单
    ^(什么|啥)\??$ \brepeat\b
    """
)
CANCEL = _any(
    r"""
    取消(整个|全部|所有|这个|我的|本次|这次|这单)?(的)?(订单|单子|点单|下单) ^取消$ 全部取消 都取消
    (全|都|全都|统统|全部)不要了 ^不要了$ ^算了 不(点|买|吃|要)了$ 订单不要了 重新(点|来|开始)
    ^重来
    清空 撤销订单 (订单|单子)(就)?(取消|不要) 不(点|买|吃)了 (^|,)取消(吧|了|啊)?($|,)
    """
)
MENU = _any(
    r"""
    有(什么|啥|哪些|哪几种|哪几样|些什么|几种) 菜单 卖(什么|啥|哪些) 推荐 有没有 有\S*吗
    (什么|哪些|哪种)\S*(可以|能)(选|点|吃|喝|要) 都有 可以点什么 能点什么
    """
)
FINISH = _any(
    r"""
    就(这些|这么多|这样|这个|要这些|要这么多|点这些|先这样) ^没有了 没(有)?了$ 没有(别的|其他|其它)
    (不要|不用|不需要)(别的|其他|其它|再要|再点) 别的(都)?不(要|用) (够|好)了$ 点(好|完)了
    先这样
    ^没有$ ^不用了 ^完了 齐了 就(酱|这)$
    """
)
CONFIRM_WORDS = frozenset(
    """
    好 好的 好啊 好呀 好嘞 好吧 好了 对 对的 对啊 对呀 对对 对对对 是 是的 是啊 是呀 确认 确定 没错
    没问题 可以 可以的 行 行的 嗯 嗯嗯 下单 下单吧 下单了 就这样下单 要的 当然 当然了 没错儿 成 ok
    okay yes 谢谢 请 麻烦了 那 吧 啊 呀 了 的
    """.split()
)
_CONFIRM_STRONG = re.compile(r"好|对|是|确认|确定|没错|没问题|可以|行|嗯|下单|要的|当然|成|ok|yes")
DENY = _any(r"^不对 不对$ ^不是 错了 ^不$ ^不要$ ^不行 不正确 弄错 搞错 ^不用$ ^no\b")
REPLACE = re.compile(r"换成|换为|改成|改为|变成|调成|做成|弄成|换|改|代替|替换|替成")
REMOVE = _any(
    r"""
    不要.*ITEM ITEM.*不要了 不要了 去掉 删掉 删除 删了 拿掉 去除 撤掉 退掉 减掉 划掉 取消
    (别|不)(要|用)了
    不想要 少(要|来)?(一|两|二|三|QTY)
    """
)
MODIFY = _any(
    r"""
    改成 换成 改为 换为 变成 调成 做成 弄成 ITEM,?OPT+了$ 要OPT+的 ^OPT+的$ ITEM(要|是)OPT
    (给|帮)(它|这个|那个|ITEM)(加|换|改|做)
    """
)
OTHER_REQUESTS = _any(
    r"""
    提醒 闹钟 天气 新闻 音乐 唱歌 放(一)?首 笑话 讲(个|一个)?故事 导航 机票 火车票 车票 酒店 电影
    打电话 发短信 翻译 历史 怎么做 做法 在家 明天 后天 昨天 股票 快递
    """
)
"""Requests a breakfast counter cannot serve, whatever food they mention ("豆浆在家怎么做")."""
ORDER_FRAME = _any(
    r"^(我|我们)?(要|想要|想|来|点|买|订) ^(请|麻烦)?(给我|帮我) ^(再|还)(来|要|点) ^来"
)


def payment_method(text: str) -> PaymentMethod | None:
    """The method named in a payment request, if any."""
    if _CARD.search(text):
        return "card"
    if _VOICE.search(text):
        return "voice"
    return None


def is_confirmation(words: list[str]) -> bool:
    """True when every word is agreement or politeness and at least one agrees."""
    return (
        bool(words)
        and all(word in CONFIRM_WORDS for word in words)
        and any(_CONFIRM_STRONG.search(word) for word in words)
    )
