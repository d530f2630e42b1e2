// The page frame shared by every page.
import { raw } from "hono/html";
import type { Child } from "hono/jsx";

const STYLE = `
:root { --fg:#1b1f24; --muted:#57606a; --line:#d0d7de; --bg:#fff; }
* { box-sizing: border-box; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); margin: 0; }
header { border-bottom: 1px solid var(--line); padding: .75rem 1.25rem; display:flex; gap:1rem; align-items:baseline; flex-wrap: wrap; }
header h1 { font-size: 1.2rem; margin: 0; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .4rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
.asof, .objective, .horizon { color: var(--muted); }
.badge { display:inline-block; padding: .05rem .5rem; border-radius: 1rem; font-size: .85rem; font-weight: 600; border: 1px solid transparent; }
.badge-achieved { background:#dafbe1; color:#116329; }
.badge-in_progress, .badge-ongoing { background:#ddf4ff; color:#0a3069; }
.badge-partially_achieved { background:#fff8c5; color:#6f4e00; }
.badge-at_risk { background:#ffebe9; color:#82071e; border-color:#ff8182; }
.badge-overdue { background:#82071e; color:#fff; }
.badge-stalled { background:#eaeef2; color:#424a53; }
.badge-not_started { background:#f6f8fa; color:#424a53; border-color: var(--line); }
@media (max-width: 40rem) { th:nth-child(5), td:nth-child(5) { display:none; } }
`;

export function Layout({ title, children }: { title: string; children?: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · policywatch`}</title>
        <style>{raw(STYLE)}</style>
      </head>
      <body>
        <header>
          <h1>policywatch</h1>
          <nav aria-label="Main">
            <a href="/">Overview</a>
          </nav>
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
