"""The ``html`` format: one standalone, offline HTML file.

Inline CSS and a few lines of inline JavaScript, nothing fetched from anywhere.
The article's title and body are shown with ``<mark>`` highlights coloured by
finding kind; each mark is keyboard-focusable (``tabindex="0"``), carries its
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
:mod:`newscheck.renderers._common`): each segment is one ``<mark>`` coloured by
the shortest covering finding, dashed-outlined when more than one finding covers
it, and its tooltip lists every covering finding.
"""

from __future__ import annotations

import re
from html import escape

from newscheck.renderers._common import (
    KIND_COLORS,
    display_label,
    explain,
    kind_rank,
    numbered,
    segments,
    summarize,
)
from newscheck.report import FindingModel, Report

__all__ = ["render"]


def _esc(text: object) -> str:
    return escape(str(text), quote=True)


def _kind_class(kind: str) -> str:
    return f"k-{kind}" if kind in KIND_COLORS else "k-other"


def _css() -> str:
    kinds = "\n".join(f".k-{k}{{--c:{hex_}}}" for k, (hex_, _) in KIND_COLORS.items())
    return _CSS + kinds + "\n.k-other{--c:#dddddd}\n"


_CSS = """
:root{--fg:#1d1d1f;--muted:#5f6368;--bg:#fff;--line:#e3e3e3}
*{box-sizing:border-box}
body{font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
 color:var(--fg);background:var(--bg);margin:0 auto;max-width:60rem;padding:1.5rem}
h1{font-size:1.4rem;margin:.2rem 0}h2{font-size:1.15rem;margin:1.6rem 0 .6rem}
.meta,.muted{color:var(--muted);font-size:.9rem}
.meta{overflow-wrap:anywhere}
section{border-top:1px solid var(--line)}
table.facts{border-collapse:collapse;width:100%}
table.facts th{text-align:left;vertical-align:top;padding:.15rem 1rem .15rem 0;
 white-space:nowrap;font-weight:600}
table.facts td{padding:.15rem 0;overflow-wrap:anywhere}
table.facts tr.sub th{font-weight:400;color:var(--muted);padding-left:1rem}
.gauge{margin:.4rem 0 1rem}
.gauge-bar{position:relative;height:.8rem;border-radius:.4rem;
 background:linear-gradient(90deg,#3a9d5d,#e0c341 50%,#d0453b)}
.gauge-needle{position:absolute;top:-.35rem;width:.25rem;height:1.5rem;
 margin-left:-.125rem;background:#111;border-radius:.1rem}
.gauge-threshold{position:absolute;top:0;height:.8rem;border-left:2px dashed #fff}
.gauge-text{margin-top:.4rem}
.verdict{font-weight:700;text-transform:uppercase;letter-spacing:.03em}
.verdict.unreliable{color:#b3261e}.verdict.reliable{color:#1e7a3c}
.legend{display:flex;flex-wrap:wrap;gap:.4rem;margin:.4rem 0 1rem;padding:0;
 list-style:none}
.chip{display:inline-block;background:var(--c);border-radius:.3rem;
 padding:0 .4rem;font-size:.85rem;white-space:nowrap}
.article-title{font-size:1.3rem;white-space:pre-wrap}
.article-body{white-space:pre-wrap;overflow-wrap:anywhere}
mark{background:var(--c);color:inherit;border-radius:.15rem;padding:0 .05rem;
 cursor:help}
mark.multi{outline:1px dashed #333;outline-offset:-1px}
mark:focus{outline:2px solid #1a73e8;outline-offset:1px}
sup.ref{font-size:.7rem;line-height:0}
sup.ref a{color:var(--muted);text-decoration:none}
ol.findings{padding-left:2.2rem}
ol.findings li{margin:.35rem 0}
ol.findings li:target,ol.findings li:focus{background:#fff6d5;outline:none}
.score{font-variant-numeric:tabular-nums;color:var(--muted)}
.why{display:block;color:var(--muted);font-size:.92rem}
.tip{position:absolute;z-index:10;max-width:28rem;background:#222;color:#fff;
 padding:.45rem .6rem;border-radius:.35rem;font-size:.85rem;line-height:1.35;
 white-space:pre-line;box-shadow:0 2px 10px rgba(0,0,0,.25)}
.tip[hidden]{display:none}
@media print{.tip{display:none}mark{outline:none}}
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


def render(report: Report, *, color: bool = False) -> str:
    """The report as a standalone HTML page (*color* is ignored)."""
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
        _summary(report),
        _text(report, items),
        _findings(items),
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


def _summary(report: Report) -> str:
    s = summarize(report)
    out = ['<section aria-labelledby="nc-summary">', '<h2 id="nc-summary">Summary</h2>']
    rows = s.rows
    if s.score is not None:
        score = max(0.0, min(1.0, s.score))
        threshold = max(0.0, min(1.0, s.threshold if s.threshold is not None else 0.5))
        verdict = "unreliable" if s.label == "unreliable" else "reliable"
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
            f"{_esc(s.label)}</span> — P(unreliable) = {score:.2f} "
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
    kinds = sorted({f.kind for _, f in items}, key=lambda k: (kind_rank(k), k))
    out = ['<section aria-labelledby="nc-text">', '<h2 id="nc-text">Article</h2>']
    if kinds:
        out.append('<ul class="legend" aria-label="Highlight colours">')
        out += [
            f'<li><span class="chip {_kind_class(k)}">{_esc(k)}</span></li>'
            for k in kinds
        ]
        out.append("</ul>")
    if a.title:
        out.append(
            f'<p class="article-title" id="nc-title">'
            f"{_marked(a.title, 'title', items)}</p>"
        )
    out.append(
        f'<div class="article-body" id="nc-body">{_marked(a.body, "body", items)}</div>'
    )
    out.append("</section>")
    return "\n".join(out)


def _marked(text: str, field: str, items: list[tuple[int, FindingModel]]) -> str:
    mine = [(n, f) for n, f in items if f.field == field]
    by_n = dict(mine)
    out: list[str] = []
    for seg in segments(text, mine):
        if seg.marked:
            primary = by_n[seg.covers[0]]
            classes = _kind_class(primary.kind)
            if len(seg.covers) > 1:
                classes += " multi"
            tip = "\n".join(_tip_line(n, by_n[n]) for n in seg.covers)
            ids = " ".join(str(n) for n in seg.covers)
            out.append(
                f'<mark class="{classes}" tabindex="0" data-f="{ids}" '
                f'title="{_esc(tip)}" aria-describedby="nc-tip">{_esc(seg.text)}</mark>'
            )
        else:
            out.append(_esc(seg.text))
        for n in seg.ends:
            out.append(
                f'<sup class="ref"><a id="r-{n}" href="#f-{n}" '
                f'aria-label="finding {n}">{n}</a></sup>'
            )
    return "".join(out)


def _tip_line(n: int, f: FindingModel) -> str:
    score = "" if f.score is None else f" {f.score:.2f}"
    why = explain(f)
    return f"[{n}] {f.kind}: {display_label(f)}{score}" + (f" — {why}" if why else "")


def _findings(items: list[tuple[int, FindingModel]]) -> str:
    out = [
        '<section aria-labelledby="nc-findings">',
        f'<h2 id="nc-findings">Findings ({len(items)})</h2>',
    ]
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
            out.append(
                f'<li id="f-{n}" value="{n}" tabindex="-1">'
                f'<span class="chip {_kind_class(f.kind)}">{_esc(f.kind)}</span> '
                f"<strong>{_esc(display_label(f))}</strong>{score} "
                f"<q>{_esc(_clip(' '.join(f.text.split()), 200))}</q> "
                f'<a href="#r-{n}" class="muted" aria-label="back to the text">'
                f"{_esc(where)}</a>"
                + (f'<span class="why">{_esc(why)}</span>' if why else "")
                + "</li>"
            )
        out.append("</ol>")
    out.append("</section>")
    return "\n".join(out)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
