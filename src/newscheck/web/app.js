// newscheck web page. Article text is only ever inserted with textContent /
// createTextNode: it is never parsed as HTML, so it cannot run.
"use strict";

const EXAMPLE = {
  title: "Shocking truth: city hides the real cost of the new bridge",
  text:
    "Everyone knows the mayor has been lying to you. The new bridge was supposed to cost " +
    "$40 million, but documents show the city has already spent $95 million, an increase " +
    "of 300%. Only a fool would believe the official story.\n\n" +
    "According to the transport department, traffic on the old crossing fell by 12% " +
    "last year. Critics say the project is a disaster that will destroy our community " +
    "forever. The council will vote on more funding on Tuesday.",
};

// Labels, highlight roles and display thresholds come from the server
// (/display.json, built from newscheck.renderers._common) so that the page
// says what the terminal, Markdown and HTML reports say. FALLBACK is used only
// if that request fails.
const FALLBACK = {
  labels: { check_worthy: "Check-worthy claim", reliable: "Reliable", uncertain: "Uncertain", unreliable: "Unreliable" },
  kinds: { propaganda: "Possible propaganda", claim: "Check-worthy claim", quantity: "Figure", consistency: "Figure check", style: "Style", source: "Source", reliability: "Unreliable-sounding sentence" },
  roles: {
    propaganda: { label: "Possible propaganda", color: "#D55E00" },
    inconsistent: { label: "Figures disagree", color: "#E69F00" },
    factchecked: { label: "Fact-checked claim", color: "#0072B2" },
    unreliable: { label: "Unreliable-sounding sentence", color: "#CC79A7" },
    claim: { label: "Check-worthy claim", color: "#6E6E6E" },
  },
  display_min_score: { propaganda: 0.55 },
  no_factcheck: "No fact-check found for the claims in this article.",
};
let DISPLAY = FALLBACK;
const KIND_ORDER = ["propaganda", "claim", "quantity", "consistency", "style", "source", "reliability"];
const TRAILING = /[\s.,;:!?]+$/u;

const $ = (id) => document.getElementById(id);

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (cls) node.className = cls;
  return node;
}

function humanLabel(label) {
  const l = String(label ?? "");
  if (DISPLAY.labels[l]) return DISPLAY.labels[l];
  const t = l.replace(/_/g, " ").replace(/\s+/g, " ").trim();
  return t.charAt(0).toUpperCase() + t.slice(1);
}

function kindLabel(kind) {
  return DISPLAY.kinds[kind] || humanLabel(kind);
}

function findingLabel(f) {
  if (DISPLAY.labels[f.label]) return DISPLAY.labels[f.label];
  const ev = f.evidence || {};
  if (typeof ev.technique === "string" && ev.technique.trim()) return ev.technique.trim();
  return humanLabel(f.label);
}

// Only matches a reader can act on (renderers._common.matches_of): a verdict or a link.
function matchesOf(f) {
  const ms = (f.evidence || {}).matches;
  const text = (v) => (typeof v === "string" ? v.trim() : "");
  const actionable = (m) =>
    m.shown !== false && Boolean(text(m.verdict) || !["", "other"].includes(text(m.normalised_verdict)) || text(m.url));
  return Array.isArray(ms) ? ms.filter((m) => m && typeof m === "object" && actionable(m)) : [];
}

function relation(m) {
  return m.relation === "related" ? "related" : "same";
}

// The highlight role of a finding, as renderers._common.role decides it.
function role(f) {
  if (f.kind === "propaganda") return "propaganda";
  if (f.kind === "consistency") return f.label === "inconsistent" ? "inconsistent" : null;
  if (f.kind === "reliability") return "unreliable";
  if (f.kind === "claim") return matchesOf(f).some((m) => relation(m) === "same") ? "factchecked" : "claim";
  return null;
}

function rolesOf(findings) {
  const found = new Set(findings.map(role).filter(Boolean));
  return Object.keys(DISPLAY.roles).filter((r) => found.has(r));
}

// Only what a person should see (renderers._common.visible): scores under the
// kind's display threshold and claims under the claims threshold stay in JSON.
function visibleFindings(report) {
  return (report.findings || []).filter((f) => {
    if (typeof f.score !== "number") return true;
    const floor = DISPLAY.display_min_score[f.kind];
    if (typeof floor === "number" && f.score < floor) return false;
    const t = (f.evidence || {}).threshold;
    return !(f.kind === "claim" && typeof t === "number" && f.score < t);
  });
}

function matchLine(m) {
  const text = (v) => (typeof v === "string" || typeof v === "number" ? String(v).replace(/\s+/g, " ").trim() : "");
  const verdict = text(m.verdict) || text(m.normalised_verdict);
  const by = [text(m.publisher), text(m.date)].filter(Boolean).join(", ");
  const claim = text(m.claim);
  const tail = typeof m.similarity === "number" ? ` (similarity ${m.similarity.toFixed(2)})` : "";
  if (relation(m) === "related") {
    const diffs = Array.isArray(m.differences) ? m.differences.map(text).filter(Boolean).join(", ") : "";
    const rated = verdict ? `rated ${verdict}` + (by ? ` by ${by}` : "") : by;
    return `Related fact-check (differs: ${diffs || "details"}) — “${claim}”` + (rated ? `, ${rated}` : "") + tail;
  }
  if (!text(m.verdict) && ["", "other"].includes(text(m.normalised_verdict))) {
    // the same claim was checked, but no rating is on record: not a verdict
    return "Same claim as an earlier fact-check, no verdict on record" + (by ? ` (${by})` : "") + ` — “${claim}”` + tail;
  }
  return `Fact-checked: ${verdict}` + (by ? ` by ${by}` : "") + ` — “${claim}”` + tail;
}

function pct(x) {
  return (100 * x).toFixed(0) + "%";
}

// Report offsets count Unicode code points (Python str); JavaScript strings
// count UTF-16 units. Map code-point offsets to UTF-16 offsets.
function offsetMap(text) {
  const map = [0];
  let u = 0;
  for (const ch of text) {
    u += ch.length;
    map.push(u);
  }
  return (i) => map[Math.max(0, Math.min(i, map.length - 1))];
}

function safeLink(url, label) {
  let parsed = null;
  try {
    parsed = new URL(String(url));
  } catch (e) {
    parsed = null;
  }
  if (!parsed || (parsed.protocol !== "http:" && parsed.protocol !== "https:")) {
    return el("span", label || url);
  }
  const a = el("a", label || parsed.href);
  a.href = parsed.href;
  a.rel = "noopener noreferrer nofollow";
  a.target = "_blank";
  return a;
}

function rank(kind) {
  const i = KIND_ORDER.indexOf(kind);
  return i < 0 ? KIND_ORDER.length : i;
}

// Split `text` at every finding boundary; wrap covered pieces in <mark>.
function renderHighlighted(container, text, findings) {
  container.replaceChildren();
  const toU16 = offsetMap(text);
  const n = Array.from(text).length;
  const cuts = new Set([0, n]);
  const chars = Array.from(text);
  // a span's trailing spaces and punctuation are not highlighted (a
  // sentence-final period is never marked on its own)
  const spans = findings.map((f) => {
    const s0 = Math.max(0, Math.min(f.start, n));
    let e0 = Math.max(s0, Math.min(f.end, n));
    const kept = chars.slice(s0, e0).join("").replace(TRAILING, "");
    if (kept) e0 = s0 + Array.from(kept).length;
    return { f, s: s0, e: e0 };
  });
  for (const sp of spans) {
    cuts.add(sp.s);
    cuts.add(sp.e);
  }
  const points = [...cuts].sort((a, b) => a - b);
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i];
    const b = points[i + 1];
    const piece = text.slice(toU16(a), toU16(b));
    const covering = spans.filter((sp) => sp.s <= a && sp.e >= b && sp.e > sp.s).map((sp) => sp.f);
    if (!covering.length) {
      container.append(document.createTextNode(piece));
      continue;
    }
    const mark = el("mark", piece, ["hl", ...rolesOf(covering).map((r) => "r-" + r)].join(" "));
    mark.tabIndex = 0;
    mark.setAttribute("role", "button");
    mark.setAttribute("aria-describedby", "explain");
    mark.title = covering.map((f) => `${kindLabel(f.kind)}: ${findingLabel(f)}`).join("; ");
    const show = () => explain(covering);
    mark.addEventListener("mouseenter", show);
    mark.addEventListener("focus", show);
    mark.addEventListener("click", show);
    mark.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" || ev.key === " ") {
        ev.preventDefault();
        show();
      }
    });
    container.append(mark);
  }
}

function evidenceText(ev) {
  if (!ev || typeof ev !== "object") return "";
  for (const key of ["explanation", "definition", "description", "message", "reason", "note"]) {
    if (typeof ev[key] === "string" && ev[key]) return ev[key];
  }
  return "";
}

function explain(findings) {
  const box = $("explain");
  box.replaceChildren();
  for (const f of findings) {
    const r = role(f);
    const card = el("div", null, "explain-item" + (r ? " r-" + r : ""));
    const head = el("p");
    head.append(el("strong", kindLabel(f.kind)));
    if (findingLabel(f) !== kindLabel(f.kind)) head.append(" — ", el("span", findingLabel(f)));
    if (typeof f.score === "number") head.append(el("span", ` (score ${f.score.toFixed(2)})`, "note"));
    card.append(head, el("blockquote", f.text));
    const why = evidenceText(f.evidence);
    if (why) card.append(el("p", why));
    for (const m of matchesOf(f)) card.append(factcheckLine(m));
    const rest = JSON.stringify(f.evidence || {}, null, 1);
    if (rest && rest !== "{}") {
      const det = el("details");
      det.append(el("summary", "Evidence"), el("pre", rest.slice(0, 4000)));
      card.append(det);
    }
    box.append(card);
  }
}

function renderGauge(rel) {
  const box = $("gauge");
  if (!rel) {
    $("score-value").textContent = "no reliability model in this report";
    $("score-label").textContent = "";
    $("meter-fill").style.width = "0";
    $("calibration").textContent = "";
    return;
  }
  const s = Math.max(0, Math.min(1, Number(rel.score)));
  $("meter").setAttribute("aria-valuenow", (100 * s).toFixed(0));
  $("meter").setAttribute("aria-valuetext", `${pct(s)} likely unreliable`);
  $("meter-fill").style.width = pct(s);
  $("meter-mark").style.left = pct(Math.max(0, Math.min(1, Number(rel.threshold ?? 0.5))));
  $("score-value").textContent = `${pct(s)} likely unreliable`;
  const badge = $("score-label");
  badge.textContent = rel.label;
  badge.className =
    "badge " + ({ unreliable: "bad", uncertain: "uncertain" }[rel.label] || "good");
  box.classList.toggle("bad", rel.label === "unreliable");
  const ex = rel.explanation || {};
  const note =
    (typeof ex.calibration === "string" && ex.calibration) ||
    (typeof ex.note === "string" && ex.note) ||
    `P(unreliable) from the ${rel.model} model; the mark is the decision threshold ` +
      `(${Number(rel.threshold ?? 0.5).toFixed(2)}). It says how much the text resembles ` +
      "articles from unreliable outlets in the training corpora — a signal to read " +
      "carefully, not a verdict. See the model card for its calibration.";
  $("calibration").textContent = note;
}

function renderSource(report) {
  const body = $("source-body");
  body.replaceChildren();
  const sec = (report.sections || {}).source;
  if (!sec || typeof sec !== "object" || !Object.keys(sec).length) {
    body.append(el("p", report.article.domain ? "No source rating." : "No URL or domain given.", "note"));
    return;
  }
  const dl = el("dl");
  for (const [k, v] of Object.entries(sec)) {
    if (v === null || v === undefined || (Array.isArray(v) && !v.length)) continue;
    if (typeof v === "object" && !Array.isArray(v)) continue;
    dl.append(el("dt", k.replace(/_/g, " ")));
    dl.append(el("dd", Array.isArray(v) ? v.map((x) => (typeof x === "object" ? JSON.stringify(x) : x)).join(", ") : v));
  }
  body.append(dl);
}

function factcheckLine(m) {
  const p = el("p", matchLine(m), "factcheck " + relation(m));
  if (m.url) p.append(" ", safeLink(m.url, "fact-check"));
  return p;
}

function renderClaims(findings) {
  const list = $("claims");
  list.replaceChildren();
  const claims = findings
    .filter((f) => f.kind === "claim")
    .sort((a, b) => (b.score ?? 0) - (a.score ?? 0));
  $("no-factcheck").textContent = "";
  if (!claims.length) {
    list.append(el("li", "No check-worthy claims found.", "note"));
    return;
  }
  for (const c of claims) {
    const li = el("li", null, "claim");
    li.append(el("blockquote", c.text));
    li.append(el("p", `${findingLabel(c)}${typeof c.score === "number" ? " · score " + c.score.toFixed(2) : ""}`, "note"));
    const matches = matchesOf(c).sort((a, b) => (relation(a) === "same" ? 0 : 1) - (relation(b) === "same" ? 0 : 1));
    for (const m of matches.slice(0, 5)) li.append(factcheckLine(m));
    list.append(li);
  }
  if (!claims.some((c) => matchesOf(c).length)) $("no-factcheck").textContent = DISPLAY.no_factcheck;
}

function renderFindings(findings, hidden) {
  const body = $("findings").querySelector("tbody");
  body.replaceChildren();
  const sorted = [...findings].sort((a, b) => (a.field !== "title") - (b.field !== "title") || a.start - b.start || rank(a.kind) - rank(b.kind));
  sorted.forEach((f, i) => {
    const tr = el("tr");
    const r = role(f);
    const what = el("td", null, "label");
    what.append(el("span", kindLabel(f.kind), r ? "swatch r-" + r : "kind"));
    if (findingLabel(f) !== kindLabel(f.kind)) what.append(el("br"), el("strong", findingLabel(f)));
    const text = el("td", null, "text");
    text.append(el("span", f.text.length > 300 ? f.text.slice(0, 299) + "…" : f.text, "quote"));
    const why = evidenceText(f.evidence);
    if (why) text.append(el("span", why, "why"));
    for (const m of matchesOf(f)) text.append(factcheckLine(m));
    tr.append(el("td", String(i + 1), "num"), what, el("td", typeof f.score === "number" ? f.score.toFixed(2) : "", "sc"), text);
    body.append(tr);
  });
  $("hidden-note").textContent = hidden
    ? `${hidden} low-confidence finding${hidden === 1 ? "" : "s"} not shown (all are in the JSON report).`
    : "";
}

function renderLegend(findings) {
  const legend = $("legend");
  legend.replaceChildren();
  for (const r of rolesOf(findings)) legend.append(el("li", DISPLAY.roles[r].label, "swatch r-" + r));
}

function clearReport() {
  $("result").hidden = true;
  for (const id of ["article-title", "article-body", "claims", "legend", "warnings", "source-body", "explain"]) $(id).replaceChildren();
  $("findings").querySelector("tbody").replaceChildren();
  for (const id of ["report-id", "cache-state", "no-factcheck", "hidden-note"]) $(id).textContent = "";
}

function render(report, meta) {
  const a = report.article;
  const title = a.title || "";
  const shown = visibleFindings(report);
  $("article-title").hidden = !title;
  renderHighlighted($("article-title"), title, shown.filter((f) => f.field === "title"));
  renderHighlighted($("article-body"), a.body, shown.filter((f) => f.field === "body"));
  renderGauge(report.reliability);
  renderSource(report);
  renderClaims(shown);
  renderFindings(shown, (report.findings || []).length - shown.length);
  renderLegend(shown);
  const warnings = $("warnings");
  warnings.replaceChildren(...(report.warnings || []).map((w) => el("li", w)));
  $("report-id").textContent = meta.id || "";
  $("cache-state").textContent = meta.cache === "hit" ? "served from the store" : "freshly analysed";
  $("explain").replaceChildren(el("p", "Hover, tap or focus (Tab) a highlight to see why it is marked.", "note"));
  $("result").hidden = false;
  document.body.dataset.state = "done";
}

async function submit(ev) {
  ev.preventDefault();
  const status = $("status");
  const text = $("text").value;
  const url = $("url").value.trim();
  const title = $("title").value.trim();
  if (!text.trim() && !url) {
    status.textContent = "Paste some article text or a URL first.";
    $("text").focus();
    return;
  }
  const payload = text.trim() ? { text } : { url };
  if (title) payload.title = title;
  const headers = { "Content-Type": "application/json", Accept: "application/json" };
  const key = $("apikey").value.trim();
  if (key) headers.Authorization = "Bearer " + key;
  status.textContent = "Analysing…";
  clearReport();
  document.body.dataset.state = "busy";
  $("analyze").disabled = true;
  try {
    const resp = await fetch("/v1/analyze", { method: "POST", headers, body: JSON.stringify(payload) });
    const body = await resp.json().catch(() => ({ message: `HTTP ${resp.status}` }));
    if (!resp.ok) {
      status.textContent = "Error: " + (body.message || `HTTP ${resp.status}`);
      document.body.dataset.state = "error";
      if (resp.status === 401) $("key-box").open = true;
      return;
    }
    render(body, { id: resp.headers.get("X-Report-Id"), cache: resp.headers.get("X-Cache") });
    status.textContent = "Done.";
    $("result").focus();
  } catch (err) {
    status.textContent = "Error: could not reach the server (" + err + ")";
    document.body.dataset.state = "error";
  } finally {
    $("analyze").disabled = false;
  }
}

function loadExample() {
  $("title").value = EXAMPLE.title;
  $("text").value = EXAMPLE.text;
  $("url").value = "";
  $("status").textContent = "Example loaded — press Analyze.";
}

async function loadDisplay() {
  try {
    const resp = await fetch("/display.json", { headers: { Accept: "application/json" } });
    if (resp.ok) DISPLAY = await resp.json();
  } catch (e) {
    DISPLAY = FALLBACK;
  }
}

document.addEventListener("DOMContentLoaded", () => {
  loadDisplay();
  $("form").addEventListener("submit", submit);
  $("example").addEventListener("click", loadExample);
  document.body.dataset.state = "ready";
});
