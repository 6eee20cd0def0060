"""Fixtures for the browser tests: one Chromium per session, a fresh context per visitor.

Playwright's own browser download is not used: Chromium comes from the system
(Debian's `chromium` package), found at CHROMIUM or /usr/bin/chromium. When it
is missing the tests are skipped with the reason, or fail when KINERJA_CI is
set, because CI installs it.

Every page a test reaches goes through `Visitor.check`, which asserts that the
page has an <h1> and logged no console error, and saves a screenshot to
test-artifacts/ for a human to look at.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Protocol

import pytest
from django.urls import reverse
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Error,
    Page,
    Playwright,
    ViewportSize,
    sync_playwright,
)
from pytest_django import Settings
from pytest_django.live_server_helper import LiveServer

from kinerja.cycles.models import Period
from kinerja.measurements.services import measurement_record
from tests.conftest import PASSWORD, Cast, build_cast

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# The flags keep a sandbox-less CI container happy and stop Chromium phoning home
# (the CI network is closed, and a stalled request would only slow the tests down).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
PHONE: ViewportSize = {"width": 390, "height": 844}
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
TIMEOUT_MS = 15_000


def _unavailable(reason: str) -> None:
    """Skip with `reason`, or fail when running in CI where the browser must be there."""
    if os.environ.get("KINERJA_CI"):
        pytest.fail(f"{reason} (KINERJA_CI is set, so this is a failure, not a skip)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    # The sync API keeps an asyncio loop running in this thread while it is
    # started, and Django refuses ORM calls from a thread with a running loop.
    # The tests' ORM calls are plain synchronous code, so the guard is lifted
    # for as long as Playwright runs, and restored afterwards.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    # Screenshots of an earlier run would pass for this run's: start from an empty folder.
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    manager = sync_playwright().start()
    try:
        yield manager
    finally:
        manager.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _launch(playwright: Playwright) -> Browser:
    if not Path(CHROMIUM).exists():
        _unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium, or set CHROMIUM)")
    try:
        return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    except Error as error:
        _unavailable(f"Chromium at {CHROMIUM} did not start: {error.message}")
        raise


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    chromium = _launch(playwright)
    yield chromium
    chromium.close()


@pytest.fixture
def own_browser(playwright: Playwright) -> Iterator[Browser]:
    """A Chromium for one test, for checks that must not depend on earlier tests.

    Contexts keep cookies apart, but the browser remembers a site's icon across
    them: whether it asks for /favicon.ico depends on the pages seen before.
    """
    chromium = _launch(playwright)
    yield chromium
    chromium.close()


@pytest.fixture
def cast_live(live_server: LiveServer, settings: Settings, tmp_path: Path) -> Cast:
    """The shared cast, committed so the live server's thread sees it.

    Uploaded evidence goes to a temporary MEDIA_ROOT, never to the developer's data/.
    """
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_cast()


@dataclass
class Visitor:
    """One person at one browser: a context of their own, and what its pages logged."""

    page: Page
    base_url: str
    label: str
    errors: list[str] = field(default_factory=list)

    def url(self, name: str, *args: object) -> str:
        return self.base_url + reverse(name, args=args)

    def goto(self, name: str, *args: object) -> None:
        response = self.page.goto(self.url(name, *args))
        assert response is not None
        assert response.ok, f"{name} answered {response.status}"

    def login(self, username: str, password: str = PASSWORD) -> None:
        self.goto("login")
        self.check("login")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", password)
        with self.page.expect_navigation():
            self.page.click("form.stacked button[type=submit]")
        assert "/masuk/" not in self.page.url, f"{username} could not log in"

    def check(self, name: str, *, kinerja_layout: bool = True) -> None:
        """Assert the page has a heading and logged no console error; keep a screenshot.

        `kinerja_layout` also asserts the page was drawn by Kinerja's base
        template, which catches another app's template of the same name (the
        admin's registration/*.html) shadowing ours.
        """
        self.page.wait_for_load_state("load")
        if not kinerja_layout:
            # Such pages may fetch after "load" (Chromium falls back to /favicon.ico when
            # a page names no icon): wait for the network to go quiet, so what the
            # console logs does not depend on timing.
            self.page.wait_for_load_state("networkidle")
        ARTIFACTS.mkdir(exist_ok=True)
        slug = re.sub(r"[^a-z0-9]+", "-", f"{self.label}-{name}".lower()).strip("-")
        self.page.screenshot(path=ARTIFACTS / f"{slug}.png", full_page=True)
        errors = list(self.errors)
        self.errors.clear()
        headings = self.page.locator("h1")
        assert headings.count() >= 1, f"{name}: no <h1> on {self.page.url}"
        assert headings.first.inner_text().strip(), f"{name}: empty <h1> on {self.page.url}"
        if kinerja_layout:
            assert self.page.locator('link[href$="/kinerja/kinerja.css"]').count() == 1, (
                f"{name}: {self.page.url} is not drawn by Kinerja's core/base.html"
            )
        assert not errors, f"{name}: console errors on {self.page.url}: {errors}"

    def clipped_tables(self) -> list[int]:
        """Pixels hidden in each table frame (.table-wrap) whose table is wider than it.

        The frame scrolls sideways, so the page itself does not overflow, but on a
        phone a row cut off at the edge reads as missing data.
        """
        return list(
            self.page.evaluate(
                """() => [...document.querySelectorAll('.table-wrap')]
                    .map((frame) => frame.scrollWidth - frame.clientWidth)
                    .filter((hidden) => hidden > 1)"""
            )
        )

    def horizontal_overflow(self) -> int:
        """How many pixels the document is wider than the viewport, with <details> open."""
        return int(
            self.page.evaluate(
                """() => {
                    document.querySelectorAll('details').forEach((d) => { d.open = true; });
                    return document.documentElement.scrollWidth - window.innerWidth;
                }"""
            )
        )


class Visit(Protocol):
    """The `visit` fixture: opens a visitor in a new browser context."""

    def __call__(
        self,
        label: str = "desktop",
        viewport: ViewportSize = DESKTOP,
        *,
        in_browser: Browser | None = None,
    ) -> Visitor: ...


@pytest.fixture
def visit(browser: Browser, live_server: LiveServer) -> Iterator[Visit]:
    """Open a new visitor (a separate browser context, so separate cookies).

    The context asks for Indonesian, the product's default language: Chromium
    would otherwise send en-US and LocaleMiddleware would switch to English.
    """
    contexts: list[BrowserContext] = []
    visitors: list[Visitor] = []

    def open_visitor(
        label: str = "desktop",
        viewport: ViewportSize = DESKTOP,
        *,
        in_browser: Browser | None = None,
    ) -> Visitor:
        context = (in_browser or browser).new_context(
            locale="id-ID",
            timezone_id="Asia/Jakarta",
            viewport=viewport,
            accept_downloads=True,
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        visitor = Visitor(page=page, base_url=str(live_server), label=label)

        def on_console(message: ConsoleMessage) -> None:
            if message.type == "error":
                visitor.errors.append(f"{message.text} ({message.location.get('url', '')})")

        page.on("console", on_console)
        page.on("pageerror", lambda error: visitor.errors.append(f"uncaught: {error}"))
        visitors.append(visitor)
        return visitor

    yield open_visitor
    for context in contexts:
        context.close()
    # Errors logged after a test's last check would otherwise go unnoticed.
    late = [f"{v.page.url}: {error}" for v in visitors for error in v.errors]
    if late:
        pytest.fail(f"console errors after the last check: {late}")


def record_months(cast: Cast, months: range) -> None:
    """Realisasi for both of the pegawai's IKIs, recorded through the real service."""
    user = cast.pegawai.user
    assert user is not None
    for number in months:
        month = Period.objects.get(year=cast.year, kind="month", number=number)
        measurement_record(
            user=user, plan_indicator=cast.programmes, period=month, value=Decimal(1)
        )
        measurement_record(
            user=user,
            plan_indicator=cast.coverage,
            period=month,
            numerator=Decimal(88 + number % 3),
            denominator=Decimal(100),
        )
