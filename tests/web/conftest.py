"""Browser fixtures: a uvicorn server on 127.0.0.1 and Debian's chromium driven
by Playwright (never a downloaded browser). Tests skip when either is absent."""

from __future__ import annotations

import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from _live import CHROMIUM_ARGS, chromium_path


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """A fresh Chromium profile (Playwright persistent context)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    exe = chromium_path()
    if exe is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        with sync_api.sync_playwright() as p:
            try:
                context = p.chromium.launch_persistent_context(
                    str(profile),
                    executable_path=exe,
                    headless=True,
                    args=CHROMIUM_ARGS,
                    viewport={"width": 1100, "height": 900},
                )
            except Exception as exc:  # a broken browser install: skip, not fail
                pytest.skip(
                    f"chromium could not be started: {str(exc).splitlines()[0]}"
                )
            yield context
            context.close()


@pytest.fixture
def page(browser_context):  # type: ignore[no-untyped-def]
    pg = browser_context.new_page()
    yield pg
    pg.close()
