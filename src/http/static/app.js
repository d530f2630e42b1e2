// policywatch: the only script, and every page works without it. It adds two conveniences:
//  1. the add-source form previews the parsed items (or the typed error) as the URL is typed;
//  2. confirm / reject on evidence happen in place, and the milestone's status updates.
// Text from the server is always inserted with textContent, and links only when http(s).

(() => {
  function safeHref(url) {
    try {
      const u = new URL(url);
      return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
    } catch {
      return null;
    }
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    for (const c of children) node.append(c);
    return node;
  }

  function formBody(form, extra) {
    const body = new URLSearchParams();
    for (const [k, v] of new FormData(form)) if (typeof v === "string") body.append(k, v);
    for (const [k, v] of Object.entries(extra || {})) body.set(k, v);
    return body;
  }

  // ------------------------------------------------------------ live add-source preview
  function renderPreview(box, result) {
    box.replaceChildren();
    if (result.ok) {
      box.append(
        el(
          "p",
          {},
          el("strong", {}, `Found ${result.items.length} item${result.items.length === 1 ? "" : "s"}`),
          ` (read as ${result.kind}):`,
        ),
      );
      const list = el("ol", {});
      for (const item of result.items) {
        const href = safeHref(item.url);
        const title = item.title || item.url;
        const line = el(
          "li",
          {},
          href ? el("a", { href, rel: "noopener noreferrer nofollow" }, title) : title,
        );
        if (item.published) line.append(el("span", { class: "muted" }, ` — ${item.published.slice(0, 10)}`));
        list.append(line);
      }
      box.append(list);
    } else {
      const e = result.error || { kind: "error", message: "The preview failed." };
      box.append(
        el(
          "p",
          { class: "preview-error", role: "alert" },
          el("strong", {}, `Nothing to add (${e.kind}${e.status ? ` ${e.status}` : ""}): `),
          e.message,
        ),
      );
    }
  }

  function setupPreview(form) {
    const box = document.getElementById("source-preview");
    const url = form.querySelector("[name=url]");
    if (!box || !url) return;
    let timer = null;
    let seq = 0;
    const run = async () => {
      if (!url.value || !url.checkValidity()) return;
      const mine = ++seq;
      box.hidden = false;
      box.setAttribute("aria-busy", "true");
      box.replaceChildren(el("p", { class: "muted" }, `Fetching ${url.value} …`));
      try {
        const res = await fetch("/sources/preview", {
          method: "POST",
          headers: { accept: "application/json", "content-type": "application/x-www-form-urlencoded" },
          body: formBody(form),
          credentials: "same-origin",
        });
        const data = await res.json();
        if (mine !== seq) return;
        if (data.error && data.ok === undefined) renderPreview(box, { ok: false, error: data.error });
        else renderPreview(box, data);
      } catch {
        if (mine === seq)
          renderPreview(box, {
            ok: false,
            error: { kind: "connection", message: "Could not reach policywatch." },
          });
      } finally {
        if (mine === seq) box.removeAttribute("aria-busy");
      }
    };
    const later = () => {
      clearTimeout(timer);
      timer = setTimeout(run, 700);
    };
    url.addEventListener("input", later);
    url.addEventListener("change", () => {
      clearTimeout(timer);
      run();
    });
    for (const field of form.querySelectorAll("[name=kind], [name^=selector_]"))
      field.addEventListener("change", later);
    const button = form.querySelector("[data-preview-button]");
    if (button)
      button.addEventListener("click", (ev) => {
        ev.preventDefault();
        clearTimeout(timer);
        run();
      });
  }

  // ------------------------------------------------------------ confirm / reject in place
  function setupReview(form) {
    form.addEventListener("submit", async (ev) => {
      const submitter = ev.submitter;
      if (submitter?.name !== "decision") return;
      ev.preventDefault();
      const buttons = form.querySelectorAll("button");
      for (const b of buttons) b.disabled = true;
      const entry = form.closest("[data-evidence]");
      try {
        const res = await fetch(form.action, {
          method: "POST",
          headers: { accept: "application/json", "content-type": "application/x-www-form-urlencoded" },
          body: formBody(form, { decision: submitter.value }),
          credentials: "same-origin",
        });
        const data = await res.json();
        if (!res.ok) throw new Error(data.error ? data.error.message : "The review was not saved.");
        const state = entry?.querySelector("[data-review-state]");
        if (state) {
          state.textContent = data.evidence.review;
          state.className = `tag tag-${data.evidence.review}`;
        }
        const badge = document.getElementById("milestone-status");
        if (badge && data.milestone) {
          badge.replaceChildren(
            el(
              "span",
              { class: `badge badge-${data.milestone.status}` },
              el("span", { class: "badge-symbol", "aria-hidden": "true" }, data.milestone.symbol),
              ` ${data.milestone.statusWord}`,
            ),
          );
        }
        const reason = document.getElementById("status-reason");
        if (reason && data.milestone) reason.textContent = data.milestone.reason;
        const history = document.getElementById("status-history");
        if (history && data.change) {
          const noHistory = document.getElementById("no-history");
          if (noHistory) noHistory.remove();
          history.prepend(
            el(
              "li",
              { class: "fresh" },
              `${data.change.at}: ${data.change.from} → ${data.change.to}`,
              el("div", { class: "muted" }, data.change.reason),
            ),
          );
        }
        const note = document.getElementById("review-status");
        if (note) note.textContent = data.message;
        for (const b of buttons) b.disabled = `${b.value}ed` === data.evidence.review;
      } catch (err) {
        for (const b of buttons) b.disabled = false;
        const note = document.getElementById("review-status");
        if (note) note.textContent = err.message;
      }
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    const add = document.getElementById("add-source-form");
    if (add) setupPreview(add);
    for (const f of document.querySelectorAll("[data-review-form]")) setupReview(f);
  });
})();
