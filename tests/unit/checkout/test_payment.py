"""The fake payment gateway without a database: cards, the fake bank, idempotency, refunds."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

import pytest

from ordering.checkout.payment import (
    CardNumber,
    FakeBank,
    InMemoryPaymentGateway,
    IntentStatus,
    Method,
    PaymentIntent,
    PaymentRequest,
    card_brand,
    luhn_valid,
)
from ordering.errors import (
    DuplicateCharge,
    IdempotencyConflict,
    IntentNotFound,
    InvalidCard,
    InvalidPaymentRequest,
    NotRefundable,
    PaymentOutcomeUnknown,
)

SUCCEEDS = "4242 4242 4242 4242"
DECLINED = "4000 0000 0000 0002"
NO_FUNDS = "4000 0000 0000 9995"


def card_request(number: str, *, order_id: str = "o-1", amount: int = 2000) -> PaymentRequest:
    return PaymentRequest(order_id, amount, "CNY", Method.CARD, CardNumber.parse(number))


def voice_request(*, order_id: str = "o-1", amount: int = 2000) -> PaymentRequest:
    return PaymentRequest(order_id, amount, "CNY", Method.VOICE)


# -- cards ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    ["4242424242424242", "4000000000000002", "4000000000009995", "5555555555554444", "79927398713"],
)
def test_luhn_accepts_valid_numbers(number: str) -> None:
    assert luhn_valid(number)


@pytest.mark.parametrize("number", ["4242424242424241", "4000000000000003", "79927398710"])
def test_luhn_refuses_a_wrong_check_digit(number: str) -> None:
    assert not luhn_valid(number)


@pytest.mark.parametrize(
    ("number", "brand"),
    [
        ("4242424242424242", "visa"),
        ("5555555555554444", "mastercard"),
        ("2223003122003222", "mastercard"),
        ("378282246310005", "amex"),
        ("6011111111111117", "discover"),
        ("3566002020360505", "jcb"),
        ("6200000000000005", "unionpay"),
        ("36227206271667", "diners"),
        ("9999999999999995", "unknown"),
    ],
)
def test_brands(number: str, brand: str) -> None:
    assert card_brand(number) == brand


def test_a_card_number_shows_only_brand_and_last_four() -> None:
    card = CardNumber.parse("4242-4242 4242 4242")
    assert (card.brand, card.last4) == ("visa", "4242")
    assert "424242424" not in repr(card) and "424242424" not in str(card)
    assert repr(card) == "CardNumber(visa ending 4242)"


@pytest.mark.parametrize(
    "text", ["4242 4242 4242 4241", "1234", "4242 4242 4242 424x", "", "٤٢٤٢٤٢٤٢٤٢٤٢٤٢٤٢"]
)
def test_not_a_card_number(text: str) -> None:
    with pytest.raises(InvalidCard) as refused:
        CardNumber.parse(text)
    assert "4241" not in str(refused.value)


def test_malformed_requests_are_refused() -> None:
    gateway = InMemoryPaymentGateway()
    card = CardNumber.parse(SUCCEEDS)
    for request in (
        PaymentRequest("o", 0, "CNY", Method.VOICE),
        PaymentRequest("o", 100, "CNY", Method.CARD),
        PaymentRequest("o", 100, "CNY", Method.VOICE, card),
    ):
        with pytest.raises(InvalidPaymentRequest):
            gateway.pay(request, idempotency_key="k")
    with pytest.raises(InvalidPaymentRequest, match="idempotency key"):
        gateway.pay(voice_request(), idempotency_key="")
    assert gateway.find_by_order("o") == ()


# -- the fake bank -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "status", "code"),
    [
        (SUCCEEDS, IntentStatus.SUCCEEDED, None),
        (DECLINED, IntentStatus.FAILED, "card_declined"),
        (NO_FUNDS, IntentStatus.FAILED, "insufficient_funds"),
        ("5555 5555 5555 4444", IntentStatus.SUCCEEDED, None),
    ],
)
def test_test_cards(number: str, status: IntentStatus, code: str | None) -> None:
    intent = InMemoryPaymentGateway().pay(card_request(number), idempotency_key="k")
    assert (intent.status, intent.failure_code) == (status, code)
    assert (intent.card_brand, intent.card_last4) == (
        card_brand(number.replace(" ", "")),
        number[-4:],
    )


def test_voice_payment_succeeds() -> None:
    intent = InMemoryPaymentGateway().pay(voice_request(), idempotency_key="k")
    assert (intent.status, intent.method, intent.amount) == (IntentStatus.SUCCEEDED, "voice", 2000)
    assert intent.card_last4 is None


def test_failure_rate_is_seeded_and_repeatable() -> None:
    def outcomes(seed: int) -> list[IntentStatus]:
        gateway = InMemoryPaymentGateway(FakeBank(failure_rate=0.5, seed=seed))
        return [
            gateway.pay(voice_request(order_id=f"o-{n}"), idempotency_key=f"k-{n}").status
            for n in range(40)
        ]

    first = outcomes(3)
    assert first == outcomes(3)
    assert 5 < first.count(IntentStatus.FAILED) < 35


def test_failure_rate_one_declines_everything_with_a_reason() -> None:
    intent = InMemoryPaymentGateway(FakeBank(failure_rate=1.0)).pay(
        voice_request(), idempotency_key="k"
    )
    assert (intent.status, intent.failure_code) == (IntentStatus.FAILED, "processing_error")


def test_delay_is_spent_in_the_bank() -> None:
    slept: list[float] = []
    bank = FakeBank(delay=0.25, sleep=slept.append)
    InMemoryPaymentGateway(bank).pay(voice_request(), idempotency_key="k")
    assert slept == [0.25]


def test_rates_must_be_probabilities() -> None:
    with pytest.raises(ValueError, match="failure_rate"):
        FakeBank(failure_rate=1.5)


# -- idempotency and outcomes ------------------------------------------------------------------


def test_same_key_same_request_returns_the_stored_result() -> None:
    gateway = InMemoryPaymentGateway()
    first = gateway.pay(card_request(SUCCEEDS), idempotency_key="k")
    again = gateway.pay(card_request(SUCCEEDS), idempotency_key="k")
    assert again == first
    assert len(gateway.find_by_order("o-1")) == 1


def test_a_stored_failure_is_replayed_too() -> None:
    gateway = InMemoryPaymentGateway()
    first = gateway.pay(card_request(DECLINED), idempotency_key="k")
    assert gateway.pay(card_request(DECLINED), idempotency_key="k") == first


@pytest.mark.parametrize(
    "other",
    [
        card_request(SUCCEEDS, amount=2001),
        card_request(SUCCEEDS, order_id="o-2"),
        card_request("5555 5555 5555 4444"),
        voice_request(),
    ],
)
def test_same_key_different_request_is_refused(other: PaymentRequest) -> None:
    gateway = InMemoryPaymentGateway()
    gateway.pay(card_request(SUCCEEDS), idempotency_key="k")
    with pytest.raises(IdempotencyConflict, match="'k'"):
        gateway.pay(other, idempotency_key="k")


def test_a_second_key_cannot_charge_the_order_again() -> None:
    gateway = InMemoryPaymentGateway()
    first = gateway.pay(voice_request(), idempotency_key="k1")
    with pytest.raises(DuplicateCharge) as duplicate:
        gateway.pay(voice_request(), idempotency_key="k2")
    assert duplicate.value.intent_id == first.id
    with pytest.raises(DuplicateCharge):  # the refusal is the stored result of k2
        gateway.pay(voice_request(), idempotency_key="k2")
    statuses = [i.status for i in gateway.find_by_order("o-1")]
    assert statuses.count(IntentStatus.SUCCEEDED) == 1


def test_a_declined_charge_frees_the_order_for_another_try() -> None:
    gateway = InMemoryPaymentGateway()
    assert gateway.pay(card_request(NO_FUNDS), idempotency_key="k1").status is IntentStatus.FAILED
    assert (
        gateway.pay(card_request(SUCCEEDS), idempotency_key="k2").status is IntentStatus.SUCCEEDED
    )


def test_concurrent_duplicates_charge_once() -> None:
    gateway = InMemoryPaymentGateway(FakeBank(delay=0.01))

    def attempt(n: int) -> str:
        try:
            return gateway.pay(voice_request(), idempotency_key=f"k-{n % 3}").status.value
        except DuplicateCharge:
            return "duplicate"

    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(attempt, range(48)))
    succeeded = [i for i in gateway.find_by_order("o-1") if i.status is IntentStatus.SUCCEEDED]
    assert len(succeeded) == 1 and succeeded[0].amount == 2000


def test_a_lost_response_is_resolved_by_looking_again_not_by_paying_again() -> None:
    gateway = InMemoryPaymentGateway(FakeBank(lost_response_rate=1.0))
    with pytest.raises(PaymentOutcomeUnknown) as unknown:
        gateway.pay(voice_request(), idempotency_key="k")
    intent = gateway.retrieve(unknown.value.intent_id)
    assert intent.status is IntentStatus.SUCCEEDED
    assert gateway.find_by_order("o-1") == (intent,)
    # Retrying with the same key replays the stored result: still one charge.
    assert gateway.pay(voice_request(), idempotency_key="k") == intent


def test_refunds() -> None:
    gateway = InMemoryPaymentGateway()
    paid = gateway.pay(voice_request(), idempotency_key="k")
    refunded = gateway.refund(paid.id)
    assert refunded.status is IntentStatus.REFUNDED
    assert gateway.refund(paid.id) == refunded  # idempotent
    declined = gateway.pay(card_request(DECLINED, order_id="o-2"), idempotency_key="k2")
    with pytest.raises(NotRefundable, match="failed"):
        gateway.refund(declined.id)
    with pytest.raises(IntentNotFound):
        gateway.refund("pi_missing")


def test_card_numbers_are_never_logged(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="ordering.payment")
    gateway = InMemoryPaymentGateway()
    intent = gateway.pay(card_request(SUCCEEDS), idempotency_key="k")
    gateway.refund(intent.id)
    assert "visa ending 4242" in caplog.text
    assert "4242424242424242" not in caplog.text and "4242 4242" not in caplog.text
    assert "4242424242424242" not in repr(intent)


def test_an_intent_left_unconfirmed_is_confirmed_by_its_retry() -> None:
    # The first caller stored the intent and stopped before asking the bank.
    gateway = InMemoryPaymentGateway()
    request = voice_request()
    stranded = PaymentIntent(
        id="pi_stranded",
        order_id="o-1",
        amount=2000,
        currency="CNY",
        method=Method.VOICE,
        status=IntentStatus.REQUIRES_CONFIRMATION,
        idempotency_key="k",
        fingerprint=request.fingerprint(),
    )
    gateway.store.insert(stranded)
    intent = gateway.pay(request, idempotency_key="k")
    assert (intent.id, intent.status) == ("pi_stranded", IntentStatus.SUCCEEDED)
    assert gateway.find_by_order("o-1") == (intent,)
