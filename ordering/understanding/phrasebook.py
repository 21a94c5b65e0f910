"""What customers say for each intent that names no food: the phrasebook the speech
corpus teaches the recogniser and the parser must understand (a round-trip test holds the
two together: every phrase here parses to its intent, on any menu).

Generic English only; food comes from the feed.
"""

from __future__ import annotations

from ordering.understanding.order_parse import Intent

# fmt: off
CONFIRM = (
    "yes", "yes please", "yeah", "yep", "yup", "sure", "correct", "that's correct",
    "that's right", "right", "okay", "ok", "sounds good", "looks good", "perfect", "great",
    "go ahead", "confirm", "yes confirm", "yes that's right", "yeah that's correct",
    "absolutely", "definitely", "of course", "exactly", "alright", "fine", "sure thing",
    "yes go ahead", "place the order", "please place my order", "yes place the order",
    "that's perfect", "yes thank you", "yes it is", "yeah that's it", "that's fine",
    "yes that's correct", "ok go ahead", "yeah sure", "confirm my order",
)
DENY = (
    "no", "nope", "nah", "no thanks", "no thank you", "not really", "that's wrong",
    "that's not right", "that's not correct", "that's not what i ordered", "no that's wrong",
    "incorrect", "not quite", "wrong", "no no", "negative", "no it's not", "that is not right",
    "no that's not right", "that's not it", "no i don't think so", "that's not what i said",
)
FINISH = (
    "that's all", "that's it", "that's everything", "that is all", "that'll be all",
    "that'll be it", "that will be all", "that will do", "that'll do", "nothing else",
    "nothing more", "i'm done", "i'm good", "i'm all set", "we're done", "all done", "all set",
    "no more", "done", "that's all thanks", "that's it for me", "that's all for now",
    "i think that's it", "i think that's all", "i guess that's everything", "that should be it",
    "finish my order", "i'm finished", "no that's all", "no that's it", "nothing else thanks",
    "that's enough", "that's all i need", "that's everything thanks", "no that'll be all",
    "i'm done ordering", "that's all for me", "that's about it",
)
CANCEL = (
    "cancel", "cancel my order", "cancel the order", "cancel everything", "cancel it all",
    "cancel the whole order", "start over", "let's start over", "can we start again",
    "forget it", "forget the whole thing", "forget my order", "forget about it",
    "never mind the order", "scrap the order", "scrap everything", "i don't want anything",
    "i don't want to order anymore", "clear my order", "clear the cart", "empty my basket",
    "remove everything", "delete everything", "reset the order", "just cancel it",
    "please cancel my order", "i changed my mind cancel the order", "get rid of everything",
    "cancel all of it", "i want to cancel my order", "i'd like to cancel my order",
)
STORE = (
    "where is the nearest store", "where's the closest shop", "which store",
    "which store is closest", "where do i pick it up", "where can i pick up my order",
    "where is my order", "is there a store near me", "are you open", "are you open now",
    "is the store open", "what time do you close", "what time do you open", "when do you open",
    "what are your opening hours", "what are your hours", "how far is the store",
    "where are you", "what's the address", "which branch", "find a store near me",
    "where's the nearest location", "where do i collect it", "which shop is nearest",
    "is there a branch nearby", "where is the closest restaurant", "when do you close",
    "is the shop open right now", "what's the nearest store", "where should i pick it up",
    "how far away is the shop", "which location is open", "what stores are near me",
)
PAY = (
    "pay", "i'd like to pay", "i want to pay", "can i pay now", "let me pay", "pay now",
    "i'll pay by card", "i'll pay with card", "i'll pay with my card", "pay with a card",
    "pay by credit card", "pay with voice", "pay by voice", "pay with voice payment",
    "pay with my voice", "voice payment", "voice payment please", "use voice payment",
    "pay by card", "pay with card", "card please", "card", "by card", "with card",
    "use my card", "charge it to my card", "charge my card", "check out", "checkout please",
    "i'm ready to pay", "i'd like to check out", "can i pay with card", "credit card",
    "debit card", "i'll use my debit card", "pay using voice", "pay using my card",
    "can i pay by voice", "i'll pay by voice", "i want to pay with card", "voice",
    "with my credit card", "i'd like to pay by card", "i'd like to pay with voice",
    "let me pay with my card", "i'll pay now", "ready to pay", "how do i pay",
)
REPEAT = (
    "repeat that", "can you repeat that", "please repeat", "say that again",
    "could you say that again", "what did you say", "what was that", "sorry what", "pardon",
    "come again", "i didn't catch that", "i didn't hear you", "i couldn't hear that",
    "one more time", "read my order back", "read it back to me", "what's in my order",
    "what did i order", "what have i ordered", "what do i have in my order", "repeat my order",
    "can you repeat my order", "what's in my cart", "sorry can you repeat that",
    "say again please", "could you repeat that please", "what was my order",
    "can you read back my order", "repeat the order", "sorry i didn't get that",
)
HELP = (
    "help", "help me", "i need help", "i need some help", "can you help me",
    "how does this work", "how do i order", "how do i use this", "what can i say",
    "what should i say", "what do i do", "what can you do", "i don't know what to do",
    "i don't know how to order", "instructions please", "how to order", "help please",
    "can you help", "i need a little help", "how does this thing work", "what do i say",
    "how do you order here", "i'm confused help", "what am i supposed to say",
)
OUT_OF_SCOPE = (
    "what's the weather", "what's the weather like today", "is it going to rain",
    "tell me a joke", "play some music", "what time is it", "how are you",
    "how are you doing today", "what's your name", "who are you", "call my mom",
    "set an alarm", "book a taxi", "turn on the lights", "what's the news",
    "who won the game last night", "are you a robot", "what day is it today",
    "sing me a song", "what's the capital of france", "i like your shirt",
    "my phone is dead", "send a message to john", "how old are you", "good morning",
    "hello", "hi there", "thank you", "thanks", "nice day isn't it", "where is the bathroom",
    "do you have wifi", "what's the wifi password", "can i park here",
)
MENU_GENERIC = (
    "what do you have", "what's on the menu", "can i see the menu", "show me the menu",
    "what's good here", "what do you recommend", "what's popular", "what are my options",
    "what can i get", "what can i order", "what else do you have", "read me the menu",
    "what do you have to drink", "what do you have to eat", "what drinks do you have",
    "what do you serve", "what do you sell", "what's available", "what's on the breakfast menu",
    "tell me what you have", "what food do you have", "what are the choices",
)
PRICE_GENERIC = (
    "how much is it", "how much is that", "what's the total", "what's my total",
    "how much do i owe", "how much is my order", "how much altogether", "what's the damage",
    "how much does it cost", "what does it cost", "what's the price", "how much in total",
    "what does that come to", "how much will that be", "what's the bill",
)
# Words around the food in orders, removals and changes.
ORDER_LEADS = (
    "i'd like", "i'd like", "i would like", "can i get", "can i get",
    "can i have", "could i get", "could i have", "may i have", "can we get", "could we get",
    "we'd like", "i'll have", "i'll have", "i'll take", "i'll get", "i'll go with", "i'll try",
    "i want", "i need", "give me", "get me", "let me get", "let me have", "let me try",
    "i'd like to order", "i want to order", "can i order", "i'm getting", "we'll have",
    "can you get me", "i'd love", "please", "yes", "yeah", "okay", "hi", "hi can i get",
    "hello i'd like", "good morning can i have", "and", "and", "also", "plus", "and also",
    "add", "i also want", "i'd also like", "can i also get", "and can i get", "oh and",
    "i'll also have", "one more thing",
)
ORDER_TAILS = (
    "", "", "", "", "", "", " please", " please", " thanks", " thank you", " for me",
    " as well", " too", " to go", " for here", " please thanks",
)
LEAD_FILLERS = ("", "", "", "", "", "", "", "", "actually", "sorry", "oh", "um", "wait",
                "okay", "no wait", "hmm")
REMOVE_VERBS = ("remove", "remove", "cancel", "drop", "delete", "scratch", "forget", "skip",
                "ditch", "lose", "take off", "get rid of", "i don't want", "i don't need",
                "never mind", "leave out", "no more", "hold")
REPLACE_VERBS = ("change", "change", "swap", "switch", "replace", "exchange", "substitute",
                 "trade")
MAKE = ("make", "make", "make", "can you make", "could you make", "please make",
        "actually make", "and make", "i'd like", "i want", "change", "switch")
# Questions about a category or product ({thing}: "coffee", "egg tarts").
ASK_MENU = (
    "what {thing} do you have", "what {thing} do you have", "what kind of {thing} do you have",
    "what kinds of {thing} do you have", "what types of {thing} do you have",
    "what {thing} do you serve", "what {thing} do you sell", "what {thing} do you offer",
    "which {thing} do you have", "what {thing} are there", "what {thing} have you got",
    "do you have {thing}", "do you have any {thing}", "do you sell {thing}",
    "is there any {thing}", "are there any {thing}", "have you got any {thing}",
    "tell me about the {thing}", "tell me about your {thing}", "what's on the {thing} menu",
    "show me the {thing}", "list the {thing}", "any {thing}", "what are your {thing}",
    "what {thing} can i get",
)
# Questions about a set meal ({combo}: "congee set", {a}: its article).
ASK_SET = (
    "what comes with the {combo}", "what's in the {combo}", "what comes in {a} {combo}",
    "what can i get with the {combo}",
)
# Questions about prices ({one}: "a latte", {many}: "two lattes", {names}: "lattes").
ASK_PRICE = (
    "how much is {one}", "how much is {one}", "how much are {names}", "how much does {one} cost",
    "how much do {names} cost", "what does {one} cost", "what's the price of {one}",
    "what is the price of {one}", "price of {one}", "how much for {one}", "how much for {many}",
    "how much would {many} be", "how much would {many} cost", "how expensive is {one}",
    "what do {names} cost", "how much is {one} and {other}",
)
# fmt: on

PHRASES: dict[Intent, tuple[str, ...]] = {
    "confirm": CONFIRM,
    "deny": DENY,
    "finish": FINISH,
    "cancel_order": CANCEL,
    "ask_store": STORE,
    "pay": PAY,
    "repeat": REPEAT,
    "help": HELP,
    "out_of_scope": OUT_OF_SCOPE,
    "ask_menu": MENU_GENERIC,
    "ask_price": PRICE_GENERIC,
}
"""Each intent's fixed phrases, in the order the speech corpus has always listed them."""

OFFERS: dict[Intent, str] = {
    "confirm": "place the order",
    "cancel_order": "cancel the whole order",
    "pay": "pay now",
    "finish": "finish your order",
}
"""What the dialog offers when unsure of a parse: "Sorry, did you want to place the order?"."""
