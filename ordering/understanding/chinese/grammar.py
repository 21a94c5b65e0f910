"""Chinese grammar words the parser knows without a menu: measure words, particles, joining
words, order verbs, words that point at a line already ordered, negations.

Nothing here names a food: every food word comes from the feed. These words are in the
segmenter's vocabulary so that grammar is never cut into (or taken for) a menu word.
"""

from __future__ import annotations

MEASURE_WORDS = frozenset(
    """
    杯 个 份 根 碗 条 块 只 瓶 盒 袋 张 片 串 套 笼 罐 听 客 颗 枚 盘 包 支 例 件 粒 盅 壶 屉
    """.split()
)
"""After a number they count (两杯, 三根); alone they mean one (来杯咖啡)."""

PARTICLES = frozenset(
    """
    的 了 吧 呢 啊 呀 吗 嘛 哦 噢 喔 哈 啦 呗 哟 么 嗯 额 呃 嗯嗯 那个那个
    """.split()
)
"""Said for tone: they never change what is ordered."""

PUNCTUATION = frozenset(",.;:!?、。；：！？…~～()（）[]【】「」『』\"'“”‘’-—/ ")

SEPARATORS = frozenset(
    """
    , 、 ; 。 和 跟 与 及 以及 还有 还要 还想要 另外 另加 再来 再要 再加 加上 外加 然后 再 也 又
    同时 并且 再给我 再点 再帮我
    """.split()
)
"""Words between two lines of an order ("两个蛋挞和一杯拿铁", "还要一个薯饼")."""

BREAKS_SET_MEAL = frozenset(
    """
    还有 还要 还想要 另外 另加 再来 再要 再加 加上 外加 再 也 又 单点 单独 再给我 再点 再帮我
    """.split()
)
"""After these an item is a line of its own, not a part of the set meal just named."""

ORDER_VERBS = frozenset(
    """
    要 来 点 买 给我 给 我要 我想要 想要 我想 帮我 帮我点 我来 来一 请给我 麻烦 麻烦你 请 我点
    我再要 我还要 订 拿 整 弄 搞
    """.split()
)
"""Verbs that put what follows in an ordering frame ("我要…", "来…")."""

REFERENCES = frozenset(
    """
    它 这个 那个 这杯 那杯 这份 那份 这些 那些 刚才那个 刚才的 刚刚那个 上一个 最后一个 前面那个
    这一个 那一个 这一杯 那一杯 这一份 那一份
    """.split()
)
"""Words that stand for the line talked about last ("那个不要了")."""

ALL_WORDS = frozenset(
    """
    都 全部 全都 统统 每个 每杯 每份 两个都 两杯都 都是 全
    """.split()
)
"""'Both', 'all': an option after them goes on every line ("都要大杯")."""

NEGATIONS = tuple("不要 不加 不放 别加 别放 不用加 去掉 去 免 无 没有 走 不需要 不用".split())
"""Negating prefixes of an option word ("不加糖", "去冰"): the feed's "none" option of its group."""

FILLER_WORDS = frozenset(
    """
    我 我们 你 你们 您 请 谢谢 谢了 麻烦了 好吗 可以吗 行吗 一下 一点 一些 还是 就 先 是 有 在 想
    能 可以 会 让 把 给 帮 用 对 换 改 成
    加 少 多 再 也 都 还 又 嘛 今天 现在 早上 早餐 早饭 一共 总共 这样 那样 什么 怎么 哪个 哪些
    多少 那 这 呢 个人 一起 外带 带走 堂食 打包
    一样 一遍 一次 然后 其他 别的 东西 没 不 喔 嗨 你好 您好 早 早上好 老板 师傅 服务员 中文 中国
    大家 大概 小时 小心 中午 中间 小朋友 大人 小孩
    """.split()
)
"""Common words that hold single characters of menu words (大家, 中文, 小时): known, so the
segmenter never takes their characters for a size."""

REPLACE_VERBS = frozenset(
    """
    换成 换为 改成 改为 变成 调成 做成 弄成 换 改 代替 替换 替换成 换一下 改一下 换掉 替 替成
    """.split()
)
"""Verbs of a change: "把拿铁换成美式" replaces, "拿铁换成大杯" modifies."""

REPLACE_BACKWARDS = frozenset({"代替", "替", "替换"})
"""With these the new thing comes first ("用美式代替拿铁")."""

REMOVE_VERBS = frozenset(
    """
    去掉 删掉 删除 删了 拿掉 去除 撤掉 退掉 减掉 划掉 取消 不要了 不想要 别要
    """.split()
)

INTENT_WORDS = frozenset(
    """
    订单 单子 多少钱 多少 价格 价钱 怎么卖 语音 支付 付款 刷卡 结账 买单 银行卡 信用卡 最近 附近
    门店 店 取餐 地址 营业 菜单 推荐 就这些 就这样
    没有了 没了 够了 好了 不对 不是 错了 确认 确定 再说 一遍 重复 帮助 怎么 点餐 下单 有什么 有哪些
    有没有 什么 哪里 哪儿 在哪 天气 名字 笑话 音乐
    时间 几点 哪几种 几种 哪种 哪几样
    """.split()
)
"""Words of intent phrases, known so that segmentation never cuts into them."""

KIND_NOUNS = frozenset(
    """
    套餐 饮料 喝的 吃的 小吃 主食 甜品 甜点 早点 点心 热饮 冷饮
    """.split()
)
"""General words for a kind of food: in a menu question they may name a category ("有什么套餐")."""

DEGREES = ("少", "多")
"""Degree words that open an option name ("少冰", "多芝士") and may move after its thing."""
