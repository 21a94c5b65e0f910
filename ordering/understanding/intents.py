"""Intent cues: generic English patterns over the utterance with menu phrases masked.

Products appear as ITEM and options as OPT in the text these patterns see, so a menu word can
never trigger an intent ("cancel the ITEM" is a removal, "cancel my order" a cancellation).
"""

from __future__ import annotations

import re

from ordering.understanding.order_parse import PaymentMethod

ITEM = "ITEM"
OPT = "OPT"
_NUMBER = (
    r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a dozen|dozen"
    r"|twenty|thirty|a couple|a few)"
)


def _any(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns))


PRICE = _any(
    r"\bhow much\b",
    r"\bprices?\b",
    r"\bcosts?\b",
    r"\bcosting\b",
    r"\bwhats the (damage|total|bill)\b",
    r"\b(the|my|our) total\b",
    r"\bin total\b",
    r"\bhow expensive\b",
    r"\bhow pricey\b",
    r"\bset (me|us) back\b",
    r"\b(do|will|would|shall) (i|we) owe\b",
    r"\bwhat (does|do|did|would|will) (it|that|this|they|everything|the order|my order) "
    r"come to\b",
    rf"^(so )?what (does|do|would|will) (the |a |an |my |{_NUMBER} )?({OPT} )*{ITEM}( {ITEM})* "
    r"go for$",
)
PRICE_WORDS = frozenset(
    "how price prices cost costs costing damage total bill back owe come go".split()
)
"""Every match of PRICE holds one of these words: a cheap test before the regex."""
PAY = _any(
    r"\bpay\b",
    r"\bpaying\b",
    r"\bpayment\b",
    r"\bcheck ?out\b",
    r"\bcharge (it|that|this|me|my|the)\b",
    r"\b(on|to) (my|the|a|your) (credit |debit |bank )?(card|visa|mastercard|amex)\b",
    r"\b(tap|swipe|insert) (my |the |a )?(credit |debit |bank )?(card|visa|mastercard|amex)\b",
    r"\bsettle (up|the bill)\b",
    r"\b(credit|debit|bank) card\b",
    r"\b(by|with|use|using) (my |a |the )?card\b",
    r"\bvoice pay\b",
    r"^(by |with |use |using )?(my |a |the )?(credit |debit |bank )?card\b",
    r"^(by |with |use |using )?voice\b",
)
PAY_WORDS = frozenset(
    "pay paying payment check checkout charge card credit debit bank visa mastercard amex voice "
    "settle".split()
)
"""Every match of PAY holds one of these words: a cheap test before the regex."""
_PLACE_WORDS = (
    r"(store|stores|shop|shops|restaurant|restaurants|branch|branches|location|locations|outlet"
    r"|outlets|one|place|to|for|from|near|open|cafe|me|you|please|and|is|which|that)"
)
STORE = _any(
    r"\b(store|stores|shop|shops|restaurant|restaurants|branch|branches|outlet|outlets)\b",
    r"\b(location|locations|address)\b",
    rf"\b(nearest|closest|nearby)\b(?! (?!{_PLACE_WORDS}\b)\w)",
    r"\bnear (me|here|by)\b",
    r"\bpick (it |them |this |that |my order |the order )?up\b",
    r"\bpickup\b",
    r"\bcollect (it|my order|the order)\b",
    r"\b(are|is) (you|it|they) (still )?(open|closed)\b",
    r"\bopen (right )?now\b",
    r"\bopening (hours|times)\b",
    r"\bwhat time (do|does|are|is) .*\b(open|close|closed|closing)\b",
    r"\b(when|what time) (do|does) .*\b(open|close)\b",
    r"\bhours\b",
    r"\bwhere are you\b",
    r"\bwhere (is|s) my (order|food)\b",
    r"\bhow far\b",
)
HELP = _any(
    r"^help\b",
    r"\bhelp$",
    r"\bhelp me\b",
    r"\bneed (some |a little )?help\b",
    r"\bhow (does|do|did|will) (this|it|you|ordering|the ordering|things|everything)( thing)? work",
    r"\bhow (this|it|ordering|everything)( thing)? works\b",
    r"\bnot sure (how|what)\b",
    r"\bsupposed to (say|do)\b",
    r"\bwalk me through\b",
    r"\bexplain\b",
    r"\bconfused\b",
    r"\bwhat can you do\b",
    r"\bhow do (i|you|we) (order|use|do)\b",
    r"\bwhat can (i|we) say\b",
    r"\bwhat (do|should|can) (i|we) (say|do)\b",
    r"\bi dont know (how|what to)\b",
    r"\binstructions\b",
    r"\bhow to (order|use)\b",
)
REPEAT = _any(
    r"\brepeat\b",
    r"\bwhat(s| is| have i got| do i have) in my (order|cart|basket)\b",
    r"\bwhat (did|have) i (order|ordered|got)\b",
    r"\bwhat (was|is|s) my order\b",
    r"\bread (it|that|my order|the order) back\b",
    r"\bread back\b",
    r"\bsay (that|it|this) again\b",
    r"\bsay again\b",
    r"\bcome again\b",
    r"\bpardon\b",
    r"\bwhat was that\b",
    r"\bwhat did you (just )?say\b",
    r"\b(didnt|did not|couldnt|could not|cant) (quite )?(catch|hear|understand|get) "
    r"(that|it|you)\b",
    r"\bone more time\b",
    r"\bonce more\b",
    r"^sorry what\b",
    r"^(what|sorry|huh)$",
)
CANCEL = _any(
    r"\b(cancel|scrap|drop|call off|kill|ditch|scratch|forget|abandon|void)\b.*"
    r"\b(order|everything|all of it|it all|whole thing|lot)\b",
    r"^cancel$",
    r"^(just |please )?cancel it( please)?$",
    r"\b(start|begin) (over|again)\b",
    r"\b(dont|do not) want anything\b",
    r"\bforget (it|everything|about it|the whole thing|the (whole |entire )?order|my order)\b",
    r"\bscrap (it|everything|the order|my order|the whole)\b",
    r"\bnever ?mind (the order|my order|everything|all of it)\b",
    r"\b(dont|do not) want (to order|the order|my order)\b",
    r"\b(remove|delete|clear|drop|scratch|take off|get rid of) (everything|it all|all of it)\b",
    r"\b(clear|empty|reset|wipe) (the|my|this) (order|cart|basket)\b",
)
MENU = _any(
    r"\bmenu\b",
    r"\bwhat (kinds?|sorts?|types?|flavou?rs?) of\b",
    r"\bwhat (else )?(do|can|did) (you|i|we)( guys| all| folks)? "
    r"(have|got|offer|sell|serve|order|get|make|do)\b",
    r"\btell me what (you|u) (have|got|serve|sell|offer)\b",
    r"^(can you )?(tell me about|show me) (the|your)\b",
    rf"^(are there |is there )?any ({OPT} )*{ITEM}$",
    r"\bwhat .*\b(do|did) (you|they) (have|offer|sell|serve|got|do)\b",
    r"\bwhat .*\b(are|is) there\b",
    r"\bwhat .*\b(have you got|you got)\b",
    r"\b(do|did) you (have|sell|serve|offer|make)\b",
    r"\bhave you got\b",
    r"\b(is|are) there (any|a|an|some)\b",
    r"\bwhats (there|available|good|popular|in)\b",
    r"\bwhat (is|are) (there|available|good|popular|in)\b",
    r"\b(what|which) (do you|would you) recommend\b",
    r"\bwhat (are|s) (the|my|your) (options|choices)\b",
    r"\bwhat comes (with|in)\b",
    r"\bwhat .*\bcome with\b",
    r"\bwhat (can|could) (i|we) (have|get|choose)\b",
)
_AGREEING = r"(correct|right|good|fine|perfect|ok|okay)\b"
FINISH = _any(
    rf"\bthats (all|it|everything)\b(?! {_AGREEING})",
    r"\b(that|this|it) (is|will be|would be|should be) (all|it|everything)\b",
    r"\bthatll be (all|it|everything)\b",
    r"\bthatll do\b",
    r"\bthat (will|would|should) do\b",
    r"\bnothing (else|more)\b",
    r"\b(im|i am|were|we are) (done|good|all set|finished|all good|set)\b",
    r"\ball (done|set)\b",
    r"\bno more\b",
    r"^done$",
    r"\bfinish(ed)? (my|the) order\b",
    r"\bdone ordering\b",
    r"\bthats enough\b",
    r"\bthats (about|pretty much) (it|all)\b",
    r"\b(i|we) (think|guess) thats (it|all|everything)\b",
)
DENY = _any(
    r"^(no|nope|nah|negative|not really|no no)\b",
    r"\b(thats|that is|its|it is) (wrong|not (right|correct|it|what))\b",
    r"\bnot quite\b",
    r"\bincorrect\b",
    r"\bwrong\b",
    r"\bnot what (i|we) (ordered|said|wanted|asked)\b",
    r"\bthats not\b",
    r"\b(isnt|is not|wasnt|was not) (what|right|correct|my)\b",
)
_CONFIRM_WORDS = frozenset(
    "yes yeah yep yup ya yea yah aye sure correct right perfect ok okay alright fine great "
    "good exactly absolutely definitely confirm confirmed affirmative please thanks thank you "
    "huh mhm certainly indeed lovely excellent awesome cool go ahead do it yes thats is it "
    "sounds looks sound look works work that true place order of course thing me to send "
    "through and all my for just now the this everything all seems".split()
)
_CONFIRM_STRONG = _any(
    r"\b(yes|yeah|yep|yup|ya|yea|yah|aye|sure|correct|right|perfect|ok|okay|alright|exactly)\b",
    r"\b(absolutely|definitely|confirm|confirmed|affirmative|certainly|mhm|huh|fine|great)\b",
    r"\b(sounds|looks|seems) (good|right|fine|great|perfect)\b",
    r"\bgo ahead\b",
    r"\bgo for it\b",
    r"\ball good\b",
    r"\bplace (it|the order|my order|this order)\b",
    r"\bsend it\b",
    r"\border it\b",
    r"\bdo it\b",
    r"\bof course\b",
)
_YES_FIRST = re.compile(r"^(yes|yeah|yep|yup|ya|yea|yah|aye|correct|right|exactly)\b")
REPLACE_VERB = re.compile(r"\b(change|changed|switch|swap|replace|substitute|exchange|trade)\b")
INSTEAD = re.compile(r"\binstead\b|\brather than\b|\bin place of\b")
PREFER = re.compile(r"\b(prefer|rather)\b")
MAY_REPLACE = re.compile(
    r"\b(change|changed|switch|swap|replace|substitute|exchange|trade|instead|rather|place|make"
    r"|not|over)\b"
)
"""Words without which no utterance is a replacement: a cheap test before the real one."""
REMOVE = _any(
    r"\b(remove|delete|drop|cancel|scratch|forget|skip|nix|ditch|lose|minus|undo)\b",
    r"\b(scrap|kill|strike|cut|axe|nuke) (the|my|that|this|those|these|it|them|both|all|one|an?)\b",
    r"\b(knock|cross|strike|scratch) (off|out)\b",
    r"\b(knock|cross|strike|scratch) (\S+ )+?(off|out)\b",
    r"\bpass on\b",
    rf"\b{_NUMBER} (less|fewer) ({OPT} )*{ITEM}\b",
    r"\btake (off|out|away) \S",
    r"\btake (\S+ )+?(off|out|away)\b",
    r"\bget rid of\b",
    r"\b(dont|do not|no longer) (want|need)\b",
    r"\bnever ?mind\b",
    r"\bleave (out|off)\b",
    rf"\b(no|without) (the |my |any |more )?({OPT} )*{ITEM}\b",
)
MODIFY = _any(
    r"\bmake (it|that|this|them|those|these|the|my|both|all|one|mine)\b",
    rf"\bmake {ITEM}\b",
    r"\b(change|switch|turn) (it|that|this|them|those) (to|into)\b",
    rf"\bnot {_NUMBER}\b",
    rf"\b{OPT} (on|to|in|for|with) (it|that|this|them|those|these|the|my)\b",
    rf"\b(add|put) (\S+ )*?{OPT}( \S+)*? (to|on|in|into) (it|that|this|the|my)\b",
    r"\bcan (i|you) (make|have) (it|that)\b",
)
OUT_OF_SCOPE = _any(
    r"^(please |can you |could you |hey )?(remind|text|message|email|phone|ring|play|translate"
    r"|google|search|navigate|schedule|wake|spell|define)\b",
    r"\bset (a|an|the|my) (timer|alarm|reminder)\b",
    r"\b(shopping|grocery|to do|todo) list\b",
    r"\bhow (do|does|did|can|should|would|to) (you |i |we |one |people )?(make|cook|poach|boil"
    r"|bake|brew|fry|prepare|scramble|roast|steam)\b",
    r"\bat home\b",
    r"\b(history|origin|origins|inventor|invention) of\b",
    r"\bwho (invented|created|discovered|won)\b",
    r"\bcalories\b",
    r"\bfun fact\b",
    r"\b(bad|good|healthy|unhealthy) for (you|me|your|my|the)\b",
    r"\b(stronger|weaker|healthier|better|worse) than\b",
    r"\bhow (tall|old|high|deep|heavy) (is|are|was|were)\b",
    r"\bweather\b",
)
"""Requests for another kind of assistant (reminders, music, recipes, facts), whatever menu
words they contain: "remind me to buy milk", "how do you make congee at home"."""
OUT_OF_SCOPE_WORDS = frozenset(
    "remind text message email phone ring play translate google search navigate schedule wake "
    "spell define set list how home history origin origins inventor invention who calories "
    "fact bad good healthy unhealthy stronger weaker healthier better worse weather".split()
)
"""Every match of OUT_OF_SCOPE holds one of these words: a cheap test before the regex."""
_DEFINITE = r"(the|my|that|this|those|these|both|all|your)"
CHANGE = _any(
    rf"\b(can|could|would|will|should|shall) {_DEFINITE} ({OPT} )*{ITEM}( {OPT})* "
    r"(be|have|come|get|go)\b",
    rf"\b{_DEFINITE} ({OPT} )*{ITEM}( {OPT})* (should|could|can|must|needs to|has to|would|will) "
    r"(be|have|come)\b",
    rf"\b(i|id|i would|we|wed) (like|want|need|prefer|rather have|rather) {_DEFINITE} "
    rf"({OPT} )*{ITEM}( {OPT})+( please)?$",
    r"\b(can|could|would) you (do|make|get|have) (the|my|it|that|this|those|them)\b",
    rf"\bup to {_NUMBER}\b",
    rf"\b(bump|increase|raise|reduce|decrease|lower)\b.*\bto {_NUMBER}\b",
)
"""Changes said about a line already ordered: "can the soy milk be cold", "the juice should be
large", "I'd like the milk tea less sweet", "bump the youtiao up to four"."""
CHANGE_WORDS = frozenset(
    "can could would will should shall must needs has like want need prefer rather up bump "
    "increase raise reduce decrease lower".split()
)
"""Every match of CHANGE holds one of these words: a cheap test before the regex."""
CATEGORY_QUESTION = re.compile(
    r"^(what|whats|which|list|show|tell me|can you (tell|show) me|read|name|any)\b"
)
ORDER_FRAME = _any(
    r"\b(can|could|may|will|would|shall) (i|we) (please )?(get|have|order|grab|try|take)\b",
    r"\b(ill|i will|id|i would|wed|we will|well) (also |just |really )?(please )?"
    r"(have|take|get|like|order|go|try|do)\b",
    r"\b(i|we) (want|need|wanna|would like|like|fancy)\b",
    r"\b(give|get|bring|gimme|grab) me\b",
    r"\bgimme\b",
    r"\b(lemme|let me|let us|lets) (have|get|order|try)\b",
    r"\b(im|i am|were) (having|getting|ordering)\b",
    r"\bid love\b",
    r"\bwanna\b",
    r"\bi was wondering\b",
)
_CARD = re.compile(r"\b(card|credit|debit|visa|mastercard|amex)\b")
_VOICE = re.compile(r"\bvoice\b")


def payment_method(text: str) -> PaymentMethod | None:
    """The method named in a payment request, if any."""
    if _CARD.search(text):
        return "card"
    if _VOICE.search(text):
        return "voice"
    return None


def is_agreeing_finish(text: str) -> bool:
    """ "yeah that's it" at a read-back: agreement first, then words that would end an order."""
    return bool(_YES_FIRST.search(text)) and is_confirmation(text)


def is_confirmation(text: str) -> bool:
    """True when every word is agreement or politeness and at least one is agreement."""
    words = text.split()
    return (
        bool(words)
        and all(word in _CONFIRM_WORDS for word in words)
        and bool(_CONFIRM_STRONG.search(text))
    )
