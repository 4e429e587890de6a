"""The html format: standalone, escaped, accessible highlights."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from newscheck.renderers import render
from newscheck.renderers.html import _JS
from newscheck.report import ReliabilityModel, Report

ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "p", "h1", "h2",
    "time", "a", "section", "div", "span", "table", "tr", "th", "td", "ul", "li",
    "mark", "sup", "ol", "strong", "q", "script",
}  # fmt: skip


class _Page(HTMLParser):
    """Collects tags, attributes, script bodies and the text of chosen ids."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.texts: dict[str, str] = {}
        self._stack: list[str] = []  # ids of open capture containers
        self._depth: list[int] = []
        self._skip = 0
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "script":
            self._in_script = True
            self.scripts.append("")
        if self._stack:
            self._depth[-1] += 1
            if tag == "sup":
                self._skip += 1
        if a.get("id") in ("nc-body", "nc-title"):
            self._stack.append(a["id"] or "")
            self._depth.append(0)
            self.texts[a["id"] or ""] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False
        if self._stack:
            if self._depth[-1] == 0:
                self._stack.pop()
                self._depth.pop()
                return
            self._depth[-1] -= 1
            if tag == "sup":
                self._skip -= 1

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data
        elif self._stack and not self._skip:
            self.texts[self._stack[-1]] += data


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


EVIL_BODY = (
    "Breaking: <script>alert(1)</script> and <img src=x onerror=alert(2)> "
    'then <a href="javascript:alert(3)">click</a> & "quotes" \'single\' '
    "</div></mark><style>body{display:none}</style> end."
)
EVIL_TITLE = '<b onmouseover="alert(4)">Title</b> </title><script>alert(5)</script>'


@pytest.fixture
def evil(make_report):  # type: ignore[no-untyped-def]
    i = EVIL_BODY.index("<script>")
    return make_report(
        EVIL_BODY,
        EVIL_TITLE,
        [
            ("body", i, i + 30, "propaganda", '<i onclick="x">lbl</i>', 0.5,
             {"definition": '</mark><script>alert("ev")</script>'}),
            ("title", 0, 10, "style", "caps", None, None),
            ("body", 0, 8, '"><svg onload=alert(6)>', "k", None, None),
        ],
        url="javascript:alert(7)",
        sections={"source": {"name": "<script>alert(8)</script>"}},
    )  # fmt: skip


def test_html_article_text_never_becomes_markup(evil: Report) -> None:
    html = render(evil, "html")
    page = _parse(html)
    for tag, attrs in page.tags:
        assert tag in ALLOWED_TAGS, tag
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert not (value or "").strip().lower().startswith("javascript:")
    assert [t for t, _ in page.tags].count("script") == 1
    assert page.scripts == [_JS]  # the only script is ours, unchanged
    assert [t for t, _ in page.tags].count("style") == 1
    assert "<script>alert" not in html and "<img" not in html and "<svg" not in html
    # the text survives exactly, as text
    assert page.texts["nc-body"] == EVIL_BODY
    assert page.texts["nc-title"] == EVIL_TITLE


def test_html_unsafe_url_is_not_a_link(evil: Report, make_report) -> None:  # type: ignore[no-untyped-def]
    hrefs = [a.get("href") for t, a in _parse(render(evil, "html")).tags if t == "a"]
    assert all(h and h.startswith("#") for h in hrefs)
    ok = make_report("x", url="https://news.example/a?b=1&c=2")
    hrefs = [a.get("href") for t, a in _parse(render(ok, "html")).tags if t == "a"]
    assert "https://news.example/a?b=1&c=2" in hrefs


def test_html_is_standalone(rich_report: Report) -> None:
    html = render(rich_report, "html")
    page = _parse(html)
    assert html.startswith("<!DOCTYPE html>")
    for tag, attrs in page.tags:
        assert "src" not in attrs
        assert tag != "link"
        if "href" in attrs:
            href = attrs["href"] or ""
            assert href.startswith("#") or href == "https://news.example/x"
    assert "@import" not in html and "url(" not in html


def test_html_marks_are_focusable_explained_and_coloured(rich_report: Report) -> None:
    page = _parse(render(rich_report, "html"))
    marks = [a for t, a in page.tags if t == "mark"]
    assert marks
    for m in marks:
        assert m["tabindex"] == "0"
        assert m["aria-describedby"] == "nc-tip"
        assert m["title"]
        assert m["class"].split()[0] == "hl"
    tip = [a for t, a in page.tags if a.get("id") == "nc-tip"]
    assert tip and tip[0]["role"] == "tooltip"
    prop = [m for m in marks if "r-propaganda" in m["class"].split()]
    assert "Labelling the target negatively." in prop[0]["title"]


def test_html_overlapping_spans_split_into_segments(rich_report: Report) -> None:
    page = _parse(render(rich_report, "html"))
    marks = [a for t, a in page.tags if t == "mark"]
    # body: claim [2] covers 0..29, propaganda [3] 4..17 inside it
    by_ids = {m["data-f"]: m for m in marks}
    # every covering finding's role is drawn (each on its own layer)
    assert by_ids["3 2"]["class"] == "hl r-propaganda r-claim"
    assert "[3] Possible propaganda" in by_ids["3 2"]["title"]
    assert "[2] Check-worthy claim" in by_ids["3 2"]["title"]
    assert by_ids["2"]["class"] == "hl r-claim"
    # consistency [4] 41..51 starts with quantity [5] 41..43: routine, no colour
    assert by_ids["5 4"]["class"] == "hl"
    assert by_ids["4"]["class"] == "hl"
    assert page.texts["nc-body"] == rich_report.article.body


def test_html_title_spans(rich_report: Report) -> None:
    html = render(rich_report, "html")
    title_html = html.split('id="nc-title">', 1)[1].split("</p>", 1)[0]
    assert '<mark class="hl"' in title_html and ">SHOCKING</mark>" in title_html
    assert 'href="#f-1"' in title_html


def test_html_gauge_and_findings_list(rich_report: Report) -> None:
    page = _parse(render(rich_report, "html"))
    gauge = [a for t, a in page.tags if a.get("role") == "meter"]
    assert gauge[0]["aria-valuenow"] == "0.830"
    items = [
        a for t, a in page.tags if t == "li" and (a.get("id") or "").startswith("f-")
    ]
    assert [a["id"] for a in items] == [f"f-{n}" for n in range(1, 6)]
    refs = {
        a["id"]
        for t, a in page.tags
        if t == "a" and (a.get("id") or "").startswith("r-")
    }
    assert refs == {f"r-{n}" for n in range(1, 6)}  # every finding has a ref


def test_html_empty_findings_and_no_reliability(make_report) -> None:  # type: ignore[no-untyped-def]
    html = render(make_report("Plain text & nothing else.", "A title"), "html")
    page = _parse(html)
    assert "No findings." in html
    assert not [t for t, _ in page.tags if t == "mark"]
    assert not [a for t, a in page.tags if a.get("role") == "meter"]
    assert page.texts["nc-body"] == "Plain text & nothing else."
    assert "not scored" in html


def test_html_reliable_verdict(make_report) -> None:  # type: ignore[no-untyped-def]
    rel = ReliabilityModel(score=0.1, label="reliable", model="statement")
    html = render(make_report("Fine.", reliability=rel), "html")
    assert 'class="verdict reliable"' in html and "statement model" in html
