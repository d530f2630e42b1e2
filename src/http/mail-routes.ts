// Routes of the mail feature: the Atom feeds (all areas, one area) and the unsubscribe link.
import type { Hono } from "hono";
import type { App } from "../app.js";
import { SubscriberError } from "../services/subscriber-service.js";
import { UnknownAreaError } from "../services/status-service.js";
import { UnsubscribeConfirmPage, UnsubscribeDonePage, UnsubscribeUnknownPage } from "./pages/unsubscribe.js";

const ATOM = "application/atom+xml; charset=utf-8";

export function registerMailRoutes(http: Hono, app: App): void {
  http.get("/feed.atom", async (c) => c.body(await app.services.feed.atom(), 200, { "Content-Type": ATOM }));

  http.get("/areas/:slug/feed.atom", async (c) => {
    try {
      return c.body(await app.services.feed.atom({ area: c.req.param("slug") }), 200, {
        "Content-Type": ATOM,
      });
    } catch (err) {
      if (err instanceof UnknownAreaError) return c.text(err.message, 404);
      throw err;
    }
  });

  http.get("/unsubscribe/:token", async (c) => {
    const token = c.req.param("token");
    const sub = await app.services.subscribers.findByToken(token);
    if (!sub) return c.html(`<!DOCTYPE html>${UnsubscribeUnknownPage()}`, 404);
    if (sub.status !== "active")
      return c.html(`<!DOCTYPE html>${UnsubscribeDonePage({ email: sub.email, already: true })}`);
    return c.html(`<!DOCTYPE html>${UnsubscribeConfirmPage({ email: sub.email, token })}`);
  });

  http.post("/unsubscribe/:token", async (c) => {
    try {
      const r = await app.services.subscribers.unsubscribe(c.req.param("token"));
      return c.html(
        `<!DOCTYPE html>${UnsubscribeDonePage({ email: r.email, already: r.alreadyUnsubscribed })}`,
      );
    } catch (err) {
      if (err instanceof SubscriberError) return c.html(`<!DOCTYPE html>${UnsubscribeUnknownPage()}`, 404);
      throw err;
    }
  });
}
