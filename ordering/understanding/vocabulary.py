"""Generic English the parser knows without a menu: glue words, fillers, negations, verbs.

Nothing here names a food. Everything about food comes from the feed through the lexicon; these
sets only tell the parser which words are grammar, politeness or intent, so that they are never
taken for (or fuzzily corrected into) a menu word, nor reported as an unknown food.
"""

from __future__ import annotations

FILLERS = frozenset("um umm uh uhh uhm er erm err hmm hm mm mmm ah ahh eh oh ooh".split())
"""Hesitation sounds, dropped before anything else."""

ARTICLES = frozenset({"a", "an"})
DETERMINERS = frozenset(
    "the this that these those my our your his her their some any each every both all".split()
)
PRONOUNS = frozenset({"it", "that", "this", "them", "those", "these", "one", "ones"})
"""Words that can stand for the last line talked about."""

NEGATIONS = frozenset({"no", "without", "not", "hold", "minus", "skip", "nix"})

CONJUNCTIONS = frozenset({"and", "plus", "also", "then", "or", "too", "aswell"})
BREAKS_SET_MEAL = frozenset({"plus", "also", "too", "separately", "aswell"})
"""Conjunctions after which an item is a line of its own, not a part of the set just named."""

CONTAINERS = frozenset(
    "cup cups mug mugs bowl bowls glass glasses bottle bottles slice slices piece pieces plate "
    "plates serving servings portion portions box boxes bag bags pack packs order orders can "
    "cans carton cartons pot pots side sides basket baskets stick sticks".split()
)
"""Nouns of 'a cup of', 'two pieces of': a quantity frame, not the food itself."""

ORDER_VERBS = frozenset(
    "get have take want like order need grab gimme lemme give bring buy do try".split()
)
"""Verbs that put the words after them in an ordering frame ('I'll have pancakes')."""

NP_OPENERS = frozenset(
    "a an the some any another more my our me have get take want like order need grab gimme "
    "lemme bring buy and plus or also sell serve offer got".split()
)
"""Words after which an unknown noun is taken for a food the customer asked for."""

GLUE = frozenset(
    """
    a an the this that these those my our your his her their its some any each every both all
    either neither another other others such same what which who whom whose where when why how
    whats wheres whos hows thats theres heres its lets
    i me we us you he she him they them it mine ours yours myself yourself
    id ill im ive youre youd youll youve were wed well weve theyre hes shes
    am is are was were be been being do does did doing done dont doesnt didnt isnt arent wasnt
    have has had having havent hasnt can cant cannot could couldnt will wont would wouldnt
    shall should shouldnt may might must
    get gets got getting gotten gotta gonna wanna want wants wanted wanting like likes liked
    need needs needed take takes took taken taking give gives gave given giving make makes made
    making change changes changed changing switch switched swap swapped replace replaced remove
    removed cancel cancelled canceled add added adding order ordered ordering orders pay paid
    paying say said saying tell told know knew think thought see saw seen let lemme gimme
    go goes going went gone come came coming put keep kept try tried bring brought grab buy
    bought hold skip drop dropped scratch forget forgot mind rid help repeat wonder wondering
    wondered please pls thanks thank cheers leave start finish finished eat drink use using
    charge sounds sound look looks looking work works play set call find show read list
    sell sells selling serve serves offer offers recommend
    scrap knock strike kill nix ditch lose pass tap swipe settle bump prefer rather back
    of with without for to in on at from by into onto instead about off out away up down over
    as than after before like per
    and or but plus also then so too well nor yet
    just only actually really maybe perhaps please now again here there right very more less wait
    not no yes yeah yep yup nope nah ok okay alright sure fine anymore also still already
    altogether today tonight tomorrow later soon quickly quick much many lot lots bit little
    few several
    else thing things something anything everything nothing stuff one ones kind kinds sort
    sorts type types way
    hi hello hey morning afternoon evening good great nice lovely please sorry excuse pardon
    dear sir madam mate buddy friend guys
    zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty
    ninety hundred dozen couple pair half extra single double
    cup cups mug mugs bowl bowls glass glasses bottle bottles slice slices piece pieces plate
    plates serving servings portion portions box boxes bag bags pack packs can cans carton
    cartons pot pots basket baskets
    menu price prices cost costs total much store stores shop shops restaurant branch location
    address open close closed closing opening hours time card voice payment cash money bill
    receipt nearest closest near nearby far
    first second last next usual regular
    correct perfect huh mhm uh-huh exactly absolutely definitely certainly affirmative negative
    wrong incorrect right true false great awesome cool excellent lovely wonderful
    turn switch stop play tell send call text book check
    """.split()
)
"""Grammar and intent words: never a food, never corrected into one."""
