// The page frame shared by every page: header with navigation and sign-in state, a notice
// area, the content. Styles and scripts come from /static (the CSP allows nothing inline).
import type { Child } from "hono/jsx";
import type { Viewer } from "../env.js";
import { Csrf } from "./format.js";

export interface PageFrame {
  viewer: Viewer;
  /** The current path, to mark the navigation entry. */
  path: string;
  /** A one-off message after a change ("Source added."). */
  flash?: { kind: "ok" | "error"; text: string } | null;
}

const NAV = [
  { href: "/", label: "Overview" },
  { href: "/items", label: "Items" },
  { href: "/sources", label: "Sources" },
  { href: "/subscribers", label: "Subscribers" },
  { href: "/channels", label: "Channels" },
  { href: "/api", label: "API" },
];

function isCurrent(href: string, path: string): boolean {
  return href === "/"
    ? path === "/" || path.startsWith("/milestones/")
    : path === href || path.startsWith(`${href}/`);
}

/** For pages rendered outside a request's frame (e.g. the unsubscribe pages): nobody signed in. */
const BARE_FRAME: PageFrame = {
  viewer: { writesEnabled: false, signedIn: false, bearer: false, csrf: "" },
  path: "",
};

export function Layout({
  title,
  frame = BARE_FRAME,
  scripts = [],
  children,
}: {
  title: string;
  frame?: PageFrame;
  scripts?: string[];
  children?: Child;
}) {
  const { viewer, path, flash } = frame;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <title>{`${title} · policywatch`}</title>
        <link rel="stylesheet" href="/static/app.css" />
        <link rel="icon" href="/static/icon.svg" type="image/svg+xml" />
        {scripts.map((src) => (
          <script src={src} defer />
        ))}
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="site">
          <a class="brand" href="/">
            <span class="brand-mark" aria-hidden="true">
              ◆
            </span>{" "}
            policywatch
          </a>
          <nav aria-label="Main" class="site-nav">
            <ul>
              {NAV.map((n) => (
                <li>
                  <a href={n.href} aria-current={isCurrent(n.href, path) ? "page" : undefined}>
                    {n.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <div class="session">
            {viewer.signedIn ? (
              <form method="post" action="/logout" class="inline">
                <Csrf token={viewer.csrf} />
                <span class="muted">Signed in</span>{" "}
                <button type="submit" class="link-button">
                  Sign out
                </button>
              </form>
            ) : (
              <a href={`/login?next=${encodeURIComponent(path)}`}>Sign in</a>
            )}
          </div>
        </header>
        <main id="main">
          {flash ? (
            <p class={`notice notice-${flash.kind}`} role={flash.kind === "error" ? "alert" : "status"}>
              {flash.text}
            </p>
          ) : null}
          {children}
        </main>
        <footer class="site">
          <p>
            policywatch watches official and press sources and matches them to the agenda. Statuses change
            with evidence; every change is recorded with its reason. <a href="/api">JSON API</a> ·{" "}
            <a href="/feed.atom">Atom feed</a>
          </p>
        </footer>
      </body>
    </html>
  );
}

/** A short explanation where a form would be when the viewer cannot change anything. */
export function WriteNotice({ viewer, action }: { viewer: Viewer; action: string }) {
  if (!viewer.writesEnabled) {
    return (
      <p class="notice notice-info">
        To {action}, the service needs an admin token: set <code>ADMIN_TOKEN</code> (at least 12 characters)
        in its environment and restart it, then sign in.
      </p>
    );
  }
  if (!viewer.signedIn) {
    return (
      <p class="notice notice-info">
        <a href="/login">Sign in</a> with the admin token to {action}.
      </p>
    );
  }
  return null;
}

export function canWrite(viewer: Viewer): boolean {
  return viewer.writesEnabled && viewer.signedIn;
}
