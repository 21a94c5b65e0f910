"""The screen in a real browser: Debian's chromium driven by Playwright, against the real HTTP API
served by uvicorn on a free port with a SQLite file in a temporary folder.

Three whole orders to a pickup code (typed, tapped, spoken into the microphone) and a
screenshot kept in `screen_artifacts/`. Chromium is never downloaded: `scripts/setup` installs
Debian's package, and without it these tests fail (they never skip).
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
import uvicorn
from PIL import Image, ImageStat
from playwright.sync_api import Browser, Page, expect, sync_playwright

from ordering.api.app import create_app
from ordering.config import Settings

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "screen_artifacts"
SAMPLES = Path(__file__).parents[2] / "ordering" / "data" / "samples"
SAMPLE = SAMPLES / "two-egg-tarts-and-a-large-latte.wav"
AT = "2025-03-18T08:00:00+08:00"  # a Tuesday at breakfast time in Shanghai
NEAR = "31.2304,121.4737"  # People's Square
PHONE = {"width": 375, "height": 812}
# What chromium needs headless, as root and without a network; the fake devices let the page's
# real recording path (getUserMedia → MediaRecorder) hear the sample instead of a microphone.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream",
    f"--use-file-for-fake-audio-capture={SAMPLE}%noloop",
]
# Records what the page asks the browser to say, so that speaking the replies is checked.
RECORD_SPEECH = """
window.__spoken = [];
if (window.speechSynthesis) {
  window.speechSynthesis.speak = (utterance) => window.__spoken.push(utterance.text);
}
"""
SLOW = 60_000  # ms: the first spoken turn compiles the menu's speech model


# -- the server and the browser -------------------------------------------------------------------


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("screen")
    settings = Settings(
        database_url=f"sqlite+pysqlite:///{folder / 'breakfast.sqlite3'}",
        data_dir=folder / "data",
    )
    app = create_app(settings)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(app, log_level="warning", ws="none", lifespan="on", access_log=False)
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 180
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the API did not start (see the log above)")
        time.sleep(0.1)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        listener.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: run scripts/setup, which installs Debian's chromium "
            "(apt-get install -y chromium); these tests never download a browser"
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    """The screen at breakfast time near People's Square, at phone width; every request it makes
    must stay on the API's own origin."""
    context = browser.new_context(viewport=PHONE, permissions=["microphone"])
    context.add_init_script(RECORD_SPEECH)
    elsewhere: list[str] = []
    context.on(
        "request",
        lambda request: None if request.url.startswith(base_url) else elsewhere.append(request.url),
    )
    screen = context.new_page()
    expect.set_options(timeout=20_000)
    screen.goto(f"{base_url}/?at={quote(AT)}&near={NEAR}")
    expect(screen.locator("body")).to_have_attribute("data-ready", "true")
    try:
        yield screen
    finally:
        context.close()
    assert elsewhere == [], "the page must load nothing from elsewhere"


# -- helpers ------------------------------------------------------------------------------------


def say(page: Page, text: str) -> None:
    """Type a turn and send it with the Enter key; wait for the reply."""
    replies = page.locator(".msg.bot").count()
    page.get_by_label("Type what you'd like").fill(text)
    page.get_by_label("Type what you'd like").press("Enter")
    expect(page.locator(".msg.bot")).to_have_count(replies + 1)


def tap(page: Page, button: str, *, timeout: float | None = None) -> None:
    """Tap a button (the first of that exact name) and wait for the reply it brings."""
    replies = page.locator(".msg.bot").count()
    page.get_by_role("button", name=button, exact=True).first.click()
    expect(page.locator(".msg.bot")).to_have_count(replies + 1, timeout=timeout)


def expect_paid(page: Page, total: str) -> str:
    """The order is paid: the pickup code is shown big, with the store and its distance."""
    code = page.locator("#pickup-code")
    expect(code).to_be_visible()
    expect(code).to_have_text(re.compile(r"^\d{4}$"))
    expect(page.locator("#order-status")).to_have_text("Paid")
    expect(page.locator("#cart-total")).to_have_text(total)
    expect(page.locator("#store")).to_have_text(re.compile(r"^Pickup at .+ · [\d.]+ k?m away$"))
    order = page.evaluate("window.breakfast.order")
    assert order["status"] == "paid" and order["pickup_code"] == code.inner_text()
    assert order["payment"]["status"] == "succeeded"
    return code.inner_text()


def lines(page: Page) -> list[tuple[str, int, list[str], dict[str, str]]]:
    """The order's lines as the API gave them to the page: (id, quantity, options, choices)."""
    order = page.evaluate("window.breakfast.order")
    return sorted(
        (
            line["id"],
            line["quantity"],
            line["options"],
            {slot: part["id"] for slot, part in line["choices"].items()},
        )
        for line in order["lines"]
    )


def assert_not_blank(path: Path) -> None:
    with Image.open(path) as image:
        grey = image.convert("L")
        assert grey.size[0] >= 375 and grey.size[1] > 300
        assert ImageStat.Stat(grey).stddev[0] > 20, f"{path} looks blank"
        assert len(grey.getcolors(maxcolors=256 * 256) or range(257)) > 16, f"{path} looks blank"


# -- the orders ---------------------------------------------------------------------------------


def test_an_order_typed_from_start_to_pickup_code(page: Page) -> None:
    say(page, "can I get a coffee")
    expect(page.locator(".msg.bot").last).to_contain_text("What size for the Brewed Coffee")
    # the question is on screen too, as buttons
    expect(page.get_by_role("group", name="Size for the Brewed Coffee:")).to_be_visible()
    say(page, "large")
    expect(page.locator("#choices")).to_be_hidden()
    expect(page.locator("#cart-lines")).to_contain_text("1 × Brewed Coffee")
    expect(page.locator("#cart-lines")).to_contain_text("Large")
    say(page, "that's all")
    expect(page.locator("#order-status")).to_have_text("Please confirm")
    expect(page.locator("#store")).to_have_text(re.compile(r"[\d.]+ k?m away"))
    say(page, "yes")
    code = expect_paid(page, "¥14.00")
    assert lines(page) == [("brewed-coffee", 1, ["hot", "size-large", "whole-milk"], {})]

    spoken = page.evaluate("window.__spoken")
    replies = page.locator(".msg.bot .text").all_inner_texts()
    assert spoken == replies and len(replies) == 5  # the greeting and four replies, all spoken
    expect(page.locator("#transcript")).to_have_attribute("aria-live", "polite")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    unlabelled = page.evaluate(
        """[...document.querySelectorAll('button, input')]
             .filter((el) => !(el.labels && el.labels.length) && !el.textContent.trim()
                             && !el.getAttribute('aria-label'))
             .map((el) => el.outerHTML)"""
    )
    assert unlabelled == []

    page.reload()  # the tab keeps its conversation
    expect(page.locator("body")).to_have_attribute("data-ready", "true")
    assert expect_paid(page, "¥14.00") == code


def test_an_order_tapped_on_the_menu_with_choices_on_screen(page: Page) -> None:
    menu = page.locator("#menu")
    # what is served now first, with English and Chinese names and prices; the rest greyed
    latte = menu.get_by_role("button", name=re.compile(r"^Latte 拿铁 ¥15\.00$"))
    expect(latte).to_be_enabled()
    zinger = menu.get_by_role("button", name=re.compile(r"^Zinger Burger .*from 10:30$"))
    expect(zinger).to_be_disabled()

    tap(page, "Panini Breakfast Set 帕尼尼早餐套餐 ¥24.00")
    expect(page.locator("#choices-title")).to_have_text("Panini for the Panini Breakfast Set:")
    tap(page, "Bacon and Egg Panini 培根蛋帕尼尼")
    tap(page, "Portuguese Egg Tart 葡式蛋挞 ¥7.50")
    latte.click()
    expect(page.locator("#choices-title")).to_have_text("Size for the Latte:")
    # by keyboard from here: focus went to the first option
    expect(page.get_by_role("button", name="Small", exact=True)).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Large +¥5.00")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="That's all")).to_be_focused()
    expect(page.locator("#cart-bar")).to_have_text("Your order: 3 items · ¥51.50")
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Yes, place the order")).to_be_focused()
    page.keyboard.press("Enter")
    expect_paid(page, "¥51.50")
    assert lines(page) == [
        ("egg-tart", 1, [], {}),
        ("latte", 1, ["hot", "size-large", "whole-milk"], {}),
        (
            "panini-set",
            1,
            [],
            {"drink": "brewed-coffee", "main": "bacon-egg-panini", "side": "hash-brown"},
        ),
    ]
    expect(page.get_by_role("button", name="Start a new order")).to_be_focused()

    ARTIFACTS.mkdir(exist_ok=True)
    phone = ARTIFACTS / "screen-phone-paid.png"
    page.screenshot(path=phone, full_page=True)
    assert_not_blank(phone)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.evaluate("window.scrollTo(0, 0)")
    wide = ARTIFACTS / "screen-wide-paid.png"
    page.screenshot(path=wide)
    assert_not_blank(wide)


def test_an_order_spoken_from_the_sample_wav(page: Page) -> None:
    """The sample goes through the page's own audio path (decoded, resampled to 16 kHz mono,
    encoded as WAV) and is sent as a spoken turn; the order is then finished by tapping."""
    page.get_by_label("Send a recording").set_input_files(SAMPLE)
    expect(page.locator(".msg.bot")).to_have_count(2, timeout=SLOW)
    assert sent_audio_format(page) == (16_000, 1, 16)
    expect(page.locator(".msg.you").last).to_have_text(
        re.compile(r"^You: two egg tarts and (a )?large latte")
    )
    expect(page.locator("#cart-lines")).to_contain_text("2 × Portuguese Egg Tart")
    tap(page, "That's all")
    tap(page, "Yes, place the order")
    expect_paid(page, "¥35.00")
    assert lines(page) == [
        ("egg-tart", 2, [], {}),
        ("latte", 1, ["hot", "size-large", "whole-milk"], {}),
    ]


def test_the_microphone_records_a_spoken_turn(page: Page) -> None:
    """Chromium's fake microphone plays the sample into the page's real recording path
    (getUserMedia, MediaRecorder). What is heard varies a little with where the recording
    starts, so only the clearly heard part is checked."""
    page.get_by_role("button", name="Speak").click()
    expect(page.get_by_role("button", name="Stop")).to_have_attribute("aria-pressed", "true")
    page.wait_for_timeout(4_000)  # the sample lasts 3.2 s
    page.get_by_role("button", name="Stop").click()
    expect(page.get_by_role("button", name="Speak")).to_have_attribute("aria-pressed", "false")
    expect(page.locator(".msg.bot")).to_have_count(2, timeout=SLOW)
    assert sent_audio_format(page) == (16_000, 1, 16)
    # "tart" or "tarts": the number is what must be heard, and the cart shows it was
    expect(page.locator(".msg.you").last).to_contain_text(re.compile(r"two egg tarts?\b"))
    expect(page.locator("#cart-lines")).to_contain_text("2 × Portuguese Egg Tart")


def sent_audio_format(page: Page) -> tuple[int, int, int]:
    """(sample rate, channels, bits) of the last WAV file the page sent."""
    header = bytes(
        page.evaluate(
            """async () => Array.from(new Uint8Array(
                 await window.breakfast.lastAudio.slice(0, 44).arrayBuffer()))"""
        )
    )
    assert header[:4] == b"RIFF" and header[8:16] == b"WAVEfmt " and header[36:40] == b"data"
    channels = int.from_bytes(header[22:24], "little")
    rate = int.from_bytes(header[24:28], "little")
    bits = int.from_bytes(header[34:36], "little")
    return rate, channels, bits


def test_an_order_in_chinese_read_back_and_spoken_in_chinese(page: Page) -> None:
    """The language switch puts the screen in Chinese; the order is typed and tapped in Chinese,
    the read-back and the pickup code come back in Chinese and are spoken by a Chinese voice."""
    page.evaluate(
        """() => {
          window.__voices = [];
          window.speechSynthesis.speak = (utterance) => {
            window.__spoken.push(utterance.text);
            window.__voices.push(utterance.lang);
          };
        }"""
    )
    page.get_by_role("button", name="中文").click()
    expect(page.get_by_role("button", name="中文")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.locator("#say-label")).to_have_text("输入您想点的")

    replies = page.locator(".msg.bot").count()
    page.locator("#say-text").fill("两个蛋挞和一杯拿铁")
    page.locator("#say-text").press("Enter")
    expect(page.locator(".msg.bot")).to_have_count(replies + 1)
    expect(page.locator(".msg.bot").last).to_contain_text("拿铁要什么杯型")
    tap(page, "Large +¥5.00 大杯")  # the on-screen choice says 大杯 for the customer
    expect(page.locator(".msg.bot").last).to_have_text(
        re.compile(r"好的，1份拿铁（大杯）。还需要别的吗？$")
    )
    tap(page, "就这些")
    read_back = page.locator(".msg.bot").last
    expect(read_back).to_contain_text("您点了：2份葡式蛋挞，¥15.00；1份拿铁（大杯），¥20.00。")
    expect(read_back).to_contain_text("合计¥35.00")
    expect(page.locator("#order-status")).to_have_text("请确认")
    tap(page, "好的，下单")

    code = page.locator("#pickup-code")
    expect(code).to_have_text(re.compile(r"^\d{4}$"))
    expect(page.locator("#order-status")).to_have_text("已支付")
    spaced = " ".join(code.inner_text())
    expect(page.locator(".msg.bot").last).to_have_text(
        re.compile(rf"已支付¥35\.00。您的取餐码是{spaced}。")
    )
    expect(page.locator("#store")).to_have_text(re.compile(r"^在 .+ 取餐 · 距离 [\d.]+ k?m$"))
    assert lines(page) == [
        ("egg-tart", 2, [], {}),
        ("latte", 1, ["hot", "size-large", "whole-milk"], {}),
    ]
    spoken = page.evaluate("window.__spoken")
    voices = page.evaluate("window.__voices")
    texts = page.locator(".msg.bot .text").all_inner_texts()
    assert spoken[-4:] == texts[-4:] and voices == ["zh-CN"] * 4

    ARTIFACTS.mkdir(exist_ok=True)
    phone = ARTIFACTS / "screen-phone-zh-paid.png"
    page.screenshot(path=phone, full_page=True)
    assert_not_blank(phone)
