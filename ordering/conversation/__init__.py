"""The conversation: what the customer said in, what the shop says back out, turn by turn.

    use_cases ──▶ dialog ──▶ handlers ──▶ reading ──▶ turn ──▶ state
    (stored turns)   │                                   │
                     └──────────▶ replies (en, zh) ◀─────┘
    answers: what the customer is expected to say next (for the speech models)

Importing this package imports none of its modules: `ordering.persistence` stores `state`, and
`use_cases` imports the persistence.
"""
