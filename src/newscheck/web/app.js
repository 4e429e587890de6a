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

const KINDS = {
  propaganda: "Propaganda technique",
  claim: "Check-worthy claim",
  quantity: "Number / quantity",
  source: "Source",
  style: "Style signal",
};
const KIND_PRIORITY = ["propaganda", "claim", "quantity", "source", "style"];

const $ = (id) => document.getElementById(id);

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (cls) node.className = cls;
  return node;
}

function kindClass(kind) {
  const k = String(kind || "other").toLowerCase().replace(/[^a-z0-9_-]/g, "");
  return "kind-" + (KINDS[k] ? k : "other");
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

function primary(findings) {
  return [...findings].sort(
    (a, b) => rank(a.kind) - rank(b.kind) || (b.score ?? 0) - (a.score ?? 0),
  )[0];
}

function rank(kind) {
  const i = KIND_PRIORITY.indexOf(kind);
  return i < 0 ? KIND_PRIORITY.length : i;
}

// Split `text` at every finding boundary; wrap covered pieces in <mark>.
function renderHighlighted(container, text, findings) {
  container.replaceChildren();
  const toU16 = offsetMap(text);
  const n = Array.from(text).length;
  const cuts = new Set([0, n]);
  for (const f of findings) {
    cuts.add(Math.max(0, Math.min(f.start, n)));
    cuts.add(Math.max(0, Math.min(f.end, n)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i];
    const b = points[i + 1];
    const piece = text.slice(toU16(a), toU16(b));
    const covering = findings.filter((f) => f.start <= a && f.end >= b && f.end > f.start);
    if (!covering.length) {
      container.append(document.createTextNode(piece));
      continue;
    }
    const top = primary(covering);
    const mark = el("mark", piece, "hl " + kindClass(top.kind));
    if (covering.length > 1) mark.classList.add("multi");
    mark.tabIndex = 0;
    mark.setAttribute("role", "button");
    mark.setAttribute("aria-describedby", "explain");
    mark.title = covering.map((f) => `${KINDS[f.kind] || f.kind}: ${f.label}`).join("; ");
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
    const card = el("div", null, "explain-item " + kindClass(f.kind));
    const head = el("p");
    head.append(el("strong", KINDS[f.kind] || f.kind), " — ", el("span", f.label));
    if (typeof f.score === "number") head.append(el("span", ` (score ${f.score.toFixed(2)})`, "note"));
    card.append(head, el("blockquote", f.text));
    const why = evidenceText(f.evidence);
    if (why) card.append(el("p", why));
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
  badge.className = "badge " + (rel.label === "unreliable" ? "bad" : "good");
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

function matchesOf(f) {
  const ev = f.evidence || {};
  for (const key of ["factchecks", "matches", "fact_checks", "factcheck_matches"]) {
    if (Array.isArray(ev[key])) return ev[key];
  }
  return [];
}

function renderClaims(report) {
  const list = $("claims");
  list.replaceChildren();
  const claims = report.findings.filter((f) => f.kind === "claim");
  if (!claims.length) {
    list.append(el("li", "No check-worthy claims found.", "note"));
    return;
  }
  for (const c of claims) {
    const li = el("li", null, "claim");
    li.append(el("blockquote", c.text));
    const meta = el("p", `${c.label}${typeof c.score === "number" ? " · score " + c.score.toFixed(2) : ""}`, "note");
    li.append(meta);
    const matches = matchesOf(c);
    if (!matches.length) {
      li.append(el("p", "No matching fact-check.", "note"));
    } else {
      const ul = el("ul", null, "matches");
      for (const m of matches.slice(0, 5)) {
        const item = el("li");
        if (m.verdict || m.normalised_verdict) item.append(el("span", m.verdict || m.normalised_verdict, "badge"), " ");
        item.append(el("span", m.claim || m.title || ""));
        if (m.publisher) item.append(el("span", " — " + m.publisher, "note"));
        if (m.url) item.append(" ", safeLink(m.url, "source"));
        ul.append(item);
      }
      li.append(ul);
    }
    list.append(li);
  }
}

function renderFindings(report) {
  const body = $("findings").querySelector("tbody");
  body.replaceChildren();
  for (const f of report.findings) {
    const tr = el("tr");
    const kind = el("td");
    kind.append(el("span", KINDS[f.kind] || f.kind, "swatch " + kindClass(f.kind)));
    tr.append(kind, el("td", f.label), el("td", f.text), el("td", typeof f.score === "number" ? f.score.toFixed(2) : ""));
    body.append(tr);
  }
}

function renderLegend(report) {
  const legend = $("legend");
  legend.replaceChildren();
  const kinds = [...new Set(report.findings.map((f) => f.kind))].sort((a, b) => rank(a) - rank(b));
  for (const k of kinds) legend.append(el("li", KINDS[k] || k, "swatch " + kindClass(k)));
}

function render(report, meta) {
  const a = report.article;
  const title = a.title || "";
  $("article-title").hidden = !title;
  renderHighlighted($("article-title"), title, report.findings.filter((f) => f.field === "title"));
  renderHighlighted($("article-body"), a.body, report.findings.filter((f) => f.field === "body"));
  renderGauge(report.reliability);
  renderSource(report);
  renderClaims(report);
  renderFindings(report);
  renderLegend(report);
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

document.addEventListener("DOMContentLoaded", () => {
  $("form").addEventListener("submit", submit);
  $("example").addEventListener("click", loadExample);
  document.body.dataset.state = "ready";
});
