// Renders /openapi.json as a list of endpoints. Offline: no CDN, no innerHTML.
"use strict";

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (cls) node.className = cls;
  return node;
}

async function main() {
  const root = document.getElementById("endpoints");
  const spec = await (await fetch("/openapi.json")).json();
  root.replaceChildren();
  for (const [path, ops] of Object.entries(spec.paths || {})) {
    for (const [method, op] of Object.entries(ops)) {
      const card = el("section", null, "card endpoint");
      const h = el("h2");
      h.append(el("span", method.toUpperCase(), "badge"), " ", el("code", path));
      card.append(h, el("p", op.summary || ""));
      const params = (op.parameters || []).map((p) => `${p.name} (${p.in}${p.required ? ", required" : ""})`);
      if (params.length) card.append(el("p", "Parameters: " + params.join(", "), "note"));
      if (op.requestBody) {
        const types = Object.keys(op.requestBody.content || {});
        card.append(el("p", "Body: " + types.join(", "), "note"));
      }
      const codes = Object.entries(op.responses || {}).map(([c, r]) => `${c} ${r.description || ""}`);
      const ul = el("ul");
      for (const c of codes) ul.append(el("li", c));
      card.append(ul);
      root.append(card);
    }
  }
}

main().catch((err) => {
  document.getElementById("endpoints").replaceChildren(el("p", "Could not load the schema: " + err));
});
