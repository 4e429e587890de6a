"""The web page in a real browser (Debian chromium through Playwright)."""

from __future__ import annotations

import os

from _live import LiveServer, demo

from newscheck.api import ServiceSettings, create_app
from newscheck.errors import NewscheckError
from newscheck.pipeline import Pipeline
from newscheck.settings import Settings

XSS_TITLE = "<svg onload=window.__xss=4>Headline"
XSS_BODY = (
    "<script>window.__xss=1</script> Everyone knows the plan failed.\n\n"
    '<img src=x onerror="window.__xss=2"> According to the city, costs rose 300%. '
    '<a href="javascript:window.__xss=3">click here</a> for 12 more reasons.'
)


def _app(tmp_path, *, real: bool):  # type: ignore[no-untyped-def]
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'web.db'}")
    pipeline = None
    if real:
        try:
            pipeline = Pipeline(settings=settings)
        except NewscheckError:  # not every default analyzer is built or trained yet
            pipeline = None
    pipeline = pipeline or demo.demo_pipeline(settings)
    return create_app(settings, service=ServiceSettings(), pipeline=pipeline)


def _submit(page) -> None:  # type: ignore[no-untyped-def]
    page.click("#analyze")
    page.wait_for_selector("body[data-state=done]", timeout=60_000)


def test_page_example_article_shows_highlights_and_score(page, tmp_path, repo) -> None:
    with LiveServer(_app(tmp_path, real=True)) as url:
        page.goto(url + "/")
        page.click("#example")
        assert page.input_value("#text").startswith("Everyone knows")
        _submit(page)
        marks = page.locator("#article-body mark.hl")
        assert marks.count() > 0
        score = page.text_content("#score-value")
        assert score and "%" in score
        assert page.get_attribute("#meter", "aria-valuenow") is not None
        assert page.text_content("#calibration")
        # keyboard: Tab reaches a highlight and its explanation appears
        marks.first.focus()
        assert page.evaluate("document.activeElement.tagName") == "MARK"
        page.keyboard.press("Enter")
        assert page.locator("#explain .explain-item").count() >= 1
        # the explanation names the kind once ("Check-worthy claim", not
        # "Check-worthy claim — Check-worthy claim")
        for head in page.locator(
            "#explain .explain-item > p:first-child"
        ).all_text_contents():
            kind, _, label = head.partition(" — ")
            assert label.split(" (score")[0].strip() != kind.split(" (score")[0].strip()
        # the highlighted text reads exactly as the stored report's article body
        rid = page.text_content("#report-id")
        body = page.evaluate(
            f"fetch('/v1/reports/{rid}').then(r => r.json()).then(j => j.article.body)"
        )
        assert page.text_content("#article-body") == body
        shot = tmp_path / "screenshot.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.read_bytes().startswith(b"\x89PNG")
        if os.environ.get("NEWSCHECK_UPDATE_SCREENSHOT_REAL"):  # real pipeline
            (repo / "docs" / "screenshot.png").write_bytes(shot.read_bytes())


def test_page_highlights_kinds_and_claim_matches(page, tmp_path) -> None:
    with LiveServer(_app(tmp_path, real=False)) as url:
        page.goto(url + "/")
        page.click("#example")
        _submit(page)
        # colour only for what matters: the loaded phrases and the fact-checked
        # claim; the figures are marked (focusable) but not coloured
        for role in ("propaganda", "factchecked"):
            assert page.locator(f"#article-body mark.r-{role}").count() > 0, role
        assert page.locator("#article-body mark.hl:not([class*='r-'])").count() > 0
        assert "85%" in page.text_content("#score-value")
        assert page.locator("#claims li.claim").count() == 1
        assert "Demo Check" in page.text_content("#claims")
        # text the highlights cover is exactly the article text
        body = page.evaluate("document.getElementById('article-body').textContent")
        assert "According to the transport department" in body
        page.locator("#article-body mark.r-propaganda").first.hover()
        assert "emotionally loaded" in page.text_content("#explain")


def test_page_is_readable_on_a_phone(page, tmp_path) -> None:
    with LiveServer(_app(tmp_path, real=False)) as url:
        page.set_viewport_size({"width": 375, "height": 740})
        page.goto(url + "/")
        page.click("#example")
        _submit(page)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth"
            " - document.documentElement.clientWidth"
        )
        assert overflow <= 1
        page.locator("#article-body mark.hl").first.click()
        assert page.locator("#explain .explain-item").count() >= 1


def test_page_never_executes_article_text(page, tmp_path) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    with LiveServer(_app(tmp_path, real=False)) as url:
        page.goto(url + "/")
        page.fill("#title", XSS_TITLE)
        page.fill("#text", XSS_BODY)
        _submit(page)
        body_text = page.text_content("#article-body")
        assert "<script>window.__xss=1</script>" in body_text
        assert '<img src=x onerror="window.__xss=2">' in body_text
        assert page.text_content("#article-title") == XSS_TITLE
        for sel in ("script", "img", "svg", "a", "iframe"):
            assert page.locator(f"#article {sel}").count() == 0, sel
        # the fact-check match's javascript: URL is not turned into a link
        assert page.locator("#claims a").count() == 0
        for mark in page.locator("mark.hl").all():
            mark.click()
        rid = page.text_content("#report-id")
        assert page.evaluate("window.__xss") is None
        # the stored report opened directly is JSON, not a page
        page.goto(f"{url}/v1/reports/{rid}")
        assert page.evaluate("window.__xss") is None
        assert page.evaluate("document.contentType") == "application/json"
    assert dialogs == []
