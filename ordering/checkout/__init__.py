"""Checkout: the order aggregate, the payment gateway and the use cases that join them.

    use_cases ──▶ orders            (the order and its state machine, pure)
        │
        └──────▶ payment.gateway ──▶ payment.stores ──▶ payment.model ──▶ payment.cards
                        │                                    ▲
                        └────────▶ payment.bank ─────────────┘

Importing this package imports none of its modules: the repositories in `ordering.persistence`
import `orders`, and `use_cases` imports the repositories.
"""
