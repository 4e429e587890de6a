"""The ``html`` format: one standalone, offline HTML file.

Inline CSS and a few lines of inline JavaScript, nothing fetched from anywhere.
The article's title and body are shown with ``<mark>`` highlights drawn by
role (``web/report.css``, shared with the web page: colour only for possible
propaganda, figures that disagree, fact-checked claims and unreliable-sounding
sentences); each mark is keyboard-focusable (``tabindex="0"``), carries its
explanation in a ``title`` attribute (works without JavaScript) and, with
JavaScript, shows it in an accessible popover (``role="tooltip"``, linked by
``aria-describedby``; Escape closes it, Enter jumps to the finding). Numbered
references after each span link to the findings list. A gauge shows
P(unreliable) against the model's threshold.

Safety: every piece of report text (article, labels, evidence, metadata) goes
through :func:`html.escape`; nothing from the report is ever placed in a tag
name, an event-handler attribute, a ``style`` or the script; the only link made
from report data is the article URL, and only when its scheme is http(s).

Overlapping spans are split into non-overlapping segments (see
:mod:`newscheck.renderers._common`): each segment is one ``<mark>`` carrying the
role of every covering finding (each role on its own layer), and its tooltip
lists every covering finding. Only findings a person should see are drawn
(:func:`~newscheck.renderers._common.visible`); JSON keeps the rest.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from html import escape

from newscheck.renderers._common import (
    ROLES,
    display_label,
    explain,
    factcheck_lines,
    hidden_line,
    human_label,
    kind_label,
    numbered,
    report_css,
    role,
    roles_of,
    segments,
    summarize,
    visible,
)
from newscheck.report import FindingModel, Report

__all__ = ["render"]


def _esc(text: object) -> str:
    return escape(str(text), quote=True)


def _role_classes(roles: list[str]) -> list[str]:
    return [f"r-{r}" for r in roles if r in ROLES]


def _css() -> str:
    return _CSS + report_css()


_CSS = """
:root{--bg:#fff}
*{box-sizing:border-box}
body{font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
 color:var(--fg);background:var(--bg);margin:0 auto;max-width:60rem;padding:1.5rem}
h1{font-size:1.4rem;margin:.2rem 0}h2{font-size:1.15rem;margin:1.6rem 0 .6rem}
.meta,.muted{color:var(--muted);font-size:.9rem}
.meta{overflow-wrap:anywhere}
section{border-top:1px solid var(--line)}
table.facts{border-collapse:collapse;width:100%}
table.facts th{text-align:left;vertical-align:top;padding:.15rem 1rem .15rem 0;
 font-weight:600;overflow-wrap:normal}
table.facts td{padding:.15rem 0;overflow-wrap:break-word}
table.facts tr.sub th{font-weight:400;color:var(--muted);padding-left:1rem}
@media (max-width:600px){table.facts th,table.facts td{display:block;padding:0}
 table.facts tr{display:block;margin:.3rem 0}}
.gauge{margin:.4rem 0 1rem}
.gauge-bar{position:relative;height:.8rem;border-radius:.4rem;
 background:linear-gradient(90deg,#009E73,#F0E442 50%,#D55E00)}
.gauge-needle{position:absolute;top:-.35rem;width:.25rem;height:1.5rem;
 margin-left:-.125rem;background:#111;border-radius:.1rem}
.gauge-threshold{position:absolute;top:0;height:.8rem;border-left:2px dashed #fff}
.gauge-text{margin-top:.4rem}
.article-title{font-size:1.3rem}
ol.findings{padding-left:2.2rem}
ol.findings li{margin:.5rem 0;overflow-wrap:break-word}
ol.findings li:target,ol.findings li:focus{background:#fff6d5;outline:none}
.score{font-variant-numeric:tabular-nums;color:var(--muted)}
.kind{font-size:.85rem;color:var(--muted)}
.tip{position:absolute;z-index:10;max-width:min(28rem,90vw);background:#222;
 color:#fff;padding:.45rem .6rem;border-radius:.35rem;font-size:.85rem;
 line-height:1.35;white-space:pre-line;box-shadow:0 2px 10px rgba(0,0,0,.25)}
.tip[hidden]{display:none}
@media print{.tip{display:none}}
"""

# Fixed script: it reads only attributes this renderer wrote and writes with
# textContent, never innerHTML.
_JS = """
(function(){
var tip=document.getElementById("nc-tip");
function text(m){var t=m.getAttribute("title");
 if(t!==null){m.setAttribute("data-title",t);m.removeAttribute("title");}
 return m.getAttribute("data-title")||"";}
function show(m){tip.textContent=text(m);tip.hidden=false;
 var r=m.getBoundingClientRect();
 tip.style.left=(window.scrollX+Math.max(4,r.left))+"px";
 tip.style.top=(window.scrollY+r.bottom+6)+"px";}
function hide(){tip.hidden=true;}
function jump(m){var n=(m.getAttribute("data-f")||"").split(" ")[0];
 var li=document.getElementById("f-"+n);
 if(li){li.focus();li.scrollIntoView({block:"center"});}}
var marks=document.querySelectorAll("mark[data-f]");
for(var i=0;i<marks.length;i++){(function(m){
 m.addEventListener("mouseenter",function(){show(m);});
 m.addEventListener("mouseleave",hide);
 m.addEventListener("focus",function(){show(m);});
 m.addEventListener("blur",hide);
 m.addEventListener("keydown",function(e){
  if(e.key==="Escape"){hide();}
  if(e.key==="Enter"){e.preventDefault();jump(m);}});
})(marks[i]);}
document.addEventListener("keydown",function(e){if(e.key==="Escape"){hide();}});
})();
"""

_SAFE_URL = re.compile(r"^https?://[^\s\"'<>]+$", re.IGNORECASE)


def render(
    report: Report,
    *,
    color: bool = False,
    display: Mapping[str, float] | None = None,
) -> str:
    """The report as a standalone HTML page (*color* is ignored; *display*:
    the lowest score shown per kind, see :func:`_common.visible`)."""
    report, hidden = visible(report, display)
    items = numbered(report)
    a = report.article
    title = a.title.strip() or "(untitled)"
    parts: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="{_esc(report.generator)}">',
        f"<title>newscheck: {_esc(_clip(title, 120))}</title>",
        f"<style>{_css()}</style>",
        "</head>",
        "<body>",
        "<header>",
        '<p class="muted">newscheck credibility report</p>',
        f"<h1>{_esc(title)}</h1>",
        _meta(report),
        "</header>",
        _summary(report, hidden),
        _text(report, items),
        _findings(items, hidden),
        '<div id="nc-tip" class="tip" role="tooltip" hidden></div>',
        f"<script>{_JS}</script>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(p for p in parts if p)


def _meta(report: Report) -> str:
    a = report.article
    bits: list[str] = []
    if a.domain:
        bits.append(_esc(a.domain))
    if a.published:
        bits.append(f"<time>{_esc(a.published)}</time>")
    if a.url:
        if _SAFE_URL.match(a.url):
            bits.append(
                f'<a href="{_esc(a.url)}" rel="noopener noreferrer nofollow">'
                f"{_esc(a.url)}</a>"
            )
        else:
            bits.append(_esc(a.url))
    return f'<p class="meta">{" · ".join(bits)}</p>' if bits else ""


def _summary(report: Report, hidden: int = 0) -> str:
    s = summarize(report, hidden)
    out = ['<section aria-labelledby="nc-summary">', '<h2 id="nc-summary">Summary</h2>']
    rows = s.rows
    if s.score is not None:
        score = max(0.0, min(1.0, s.score))
        threshold = max(0.0, min(1.0, s.threshold if s.threshold is not None else 0.5))
        verdict = s.label if s.label in {"reliable", "uncertain"} else "unreliable"
        out.append(
            '<div class="gauge" role="meter" aria-valuemin="0" aria-valuemax="1" '
            f'aria-valuenow="{score:.3f}" aria-label="Probability the article is '
            f'unreliable: {score:.2f}">'
            '<div class="gauge-bar">'
            f'<span class="gauge-threshold" style="left:{threshold * 100:.1f}%" '
            f'title="threshold {threshold:.2f}"></span>'
            f'<span class="gauge-needle" style="left:{score * 100:.1f}%"></span>'
            "</div>"
            f'<div class="gauge-text"><span class="verdict {verdict}">'
            f"{_esc(human_label(s.label or ''))}</span> — P(unreliable) = {score:.2f} "
            f'<span class="muted">(threshold {threshold:.2f}, '
            f"{_esc(s.model)} model)</span></div></div>"
        )
        rows = rows[1:]
    out.append('<table class="facts">')
    last_head = ""
    for head, text in rows:
        sub = head.startswith("  ") or not head
        label = head.strip()
        if not sub:
            last_head = head
        cls = ' class="sub"' if sub else ""
        aria = f' aria-label="{_esc(last_head)}"' if not head else ""
        out.append(
            f'<tr{cls}><th scope="row"{aria}>{_esc(label)}</th>'
            f"<td>{_esc(text)}</td></tr>"
        )
    out.append("</table>")
    out.append("</section>")
    return "\n".join(out)


def _text(report: Report, items: list[tuple[int, FindingModel]]) -> str:
    a = report.article
    roles = roles_of(f for _, f in items)
    out = ['<section aria-labelledby="nc-text">', '<h2 id="nc-text">Article</h2>']
    if roles:
        out.append('<ul class="legend" aria-label="Highlights">')
        out += [f'<li class="swatch r-{r}">{_esc(ROLES[r][0])}</li>' for r in roles]
        out.append("</ul>")
    if a.title:
        out.append(
            f'<p class="article-title nc-text" id="nc-title">'
            f"{_marked(a.title, 'title', items)}</p>"
        )
    out.append(
        '<div class="article-body nc-text" id="nc-body">'
        f"{_marked(a.body, 'body', items)}</div>"
    )
    out.append("</section>")
    return "\n".join(out)


def _marked(text: str, field: str, items: list[tuple[int, FindingModel]]) -> str:
    mine = [(n, f) for n, f in items if f.field == field]
    by_n = dict(mine)
    out: list[str] = []
    for seg in segments(text, mine, trim=True):
        if seg.marked:
            roles = roles_of(by_n[n] for n in seg.covers)
            tip = "\n".join(_tip_line(n, by_n[n]) for n in seg.covers)
            ids = " ".join(str(n) for n in seg.covers)
            out.append(
                f'<mark class="{" ".join(["hl", *_role_classes(roles)])}" '
                'tabindex="0" '
                f'data-f="{ids}" title="{_esc(tip)}" aria-describedby="nc-tip">'
                f"{_esc(seg.text)}</mark>"
            )
        else:
            out.append(_esc(seg.text))
        if seg.ends:
            links = ",<wbr>".join(
                f'<a id="r-{n}" href="#f-{n}" aria-label="finding {n}">{n}</a>'
                for n in seg.ends
            )
            out.append(f'<sup class="ref">[{links}]</sup>')
    return "".join(out)


def _tip_line(n: int, f: FindingModel) -> str:
    score = "" if f.score is None else f" {f.score:.2f}"
    why = explain(f)
    head = f"[{n}] {kind_label(f.kind)}: {display_label(f)}{score}"
    fc = [line for line, _ in factcheck_lines(f)]
    return head + (f" — {why}" if why else "") + "".join(f"\n{x}" for x in fc)


def _findings(items: list[tuple[int, FindingModel]], hidden: int = 0) -> str:
    out = [
        '<section aria-labelledby="nc-findings">',
        f'<h2 id="nc-findings">Findings ({len(items)})</h2>',
    ]
    if hidden:
        out.append(f'<p class="muted">{_esc(hidden_line(hidden))}</p>')
    if not items:
        out.append('<p class="muted">No findings.</p>')
    else:
        out.append('<ol class="findings">')
        for n, f in items:
            score = (
                "" if f.score is None else f' <span class="score">{f.score:.2f}</span>'
            )
            why = explain(f, limit=400)
            where = f"{f.field} {f.start}–{f.end}"
            r = role(f)
            swatch = f' class="swatch r-{r}"' if r else ' class="kind"'
            out.append(
                f'<li id="f-{n}" value="{n}" tabindex="-1">'
                f"<span{swatch}>{_esc(kind_label(f.kind))}</span> "
                + (
                    f"<strong>{_esc(display_label(f))}</strong>"
                    if display_label(f) != kind_label(f.kind)
                    else ""
                )
                + f"{score} "
                f"<q>{_esc(_clip(' '.join(f.text.split()), 200))}</q> "
                f'<a href="#r-{n}" class="muted" aria-label="back to the text">'
                f"{_esc(where)}</a>"
                + (f'<span class="why">{_esc(why)}</span>' if why else "")
                + "".join(_factcheck(line, url) for line, url in factcheck_lines(f))
                + "</li>"
            )
        out.append("</ol>")
    out.append("</section>")
    return "\n".join(out)


def _factcheck(line: str, url: str) -> str:
    cls = "related" if line.startswith("Related") else "same"
    link = ""
    if url and _SAFE_URL.match(url):
        link = (
            f' <a href="{_esc(url)}" rel="noopener noreferrer nofollow">fact-check</a>'
        )
    return f'<span class="factcheck {cls}">{_esc(line)}{link}</span>'


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
