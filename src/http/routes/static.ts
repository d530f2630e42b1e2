// The stylesheet, the one small script and the icon, read once at start. The CSP allows scripts
// and styles only from here.
import { readFileSync } from "node:fs";
import { Hono } from "hono";
import type { HttpEnv } from "../env.js";

const FILES: Record<string, { type: string; body: string }> = {
  "app.css": { type: "text/css; charset=utf-8", body: read("app.css") },
  "app.js": { type: "text/javascript; charset=utf-8", body: read("app.js") },
  "icon.svg": { type: "image/svg+xml", body: read("icon.svg") },
};

function read(name: string): string {
  return readFileSync(new URL(`../static/${name}`, import.meta.url), "utf8");
}

export function staticRoutes(): Hono<HttpEnv> {
  const r = new Hono<HttpEnv>();
  r.get("/static/:name", (c) => {
    const file = FILES[c.req.param("name")];
    if (!file) return c.text("Not found", 404);
    c.header("Content-Type", file.type);
    c.header("Cache-Control", "public, max-age=3600");
    return c.body(file.body);
  });
  r.get("/favicon.ico", (c) => c.redirect("/static/icon.svg", 301));
  return r;
}
