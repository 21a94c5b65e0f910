"""Chinese understanding: an utterance in Chinese (or Chinese mixed with English menu words) to
the same `order-parse/1` as English, with every food word taken from the feed's `zh` names.

The package knows only Chinese grammar (numerals, measure words, particles, intent phrases);
`lexicon` compiles the menu's Chinese (and, for mixed text, English) names, `segment` cuts the
text into menu words by the longest match over that vocabulary, `lines` groups them into order
lines and `parser` decides the intent. Importing this package does not import its modules, so
the English lexicon can import `chinese.lexicon` without a cycle.
"""
