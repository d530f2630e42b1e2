// Alert channels over HTTP: list, add, remove and test, as JSON (admin token) and as the
// /channels page (a signed-in analyst, forms with CSRF). Channels hold secrets: even when reading
// is open they are listed only with the token, and their secrets are masked.
import { Hono } from "hono";
import { channelIdParams, channelInput, channelsListQuery } from "../api-schemas.js";
import type { HttpContext, HttpEnv, RouteDeps } from "../env.js";
import { type ChannelFormValues, ChannelsPage } from "../pages/channels.js";
import { pageLinks, pagedJson } from "../paging.js";
import { pageFrame, redirectWithNotice, renderPage } from "../render.js";
import { problemFromError } from "../service-errors.js";
import { parseInput, queryOf, readJsonBody } from "../validate.js";

export function channelRoutes({ app, access }: RouteDeps): Hono<HttpEnv> {
  const r = new Hono<HttpEnv>();
  const channels = app.services.channels;
  const admin = access.requireAdminRead();
  const form = access.requireFormSession();

  // ------------------------------------------------------------------ API
  r.get("/api/channels", admin, async (c) => {
    const page = parseInput(channelsListQuery, queryOf(c));
    return pagedJson(c, page, await channels.listPage(page));
  });

  r.post("/api/channels", async (c) => {
    const input = parseInput(channelInput, await readJsonBody(c));
    const { channel, generatedSecret } = await channels.add(input);
    const { id, type, target, areas, allMatches, minScore } = channel;
    c.header("Location", `/api/channels/${id}`);
    return c.json(
      {
        id,
        type,
        target,
        areas,
        allMatches,
        minScore,
        ...(generatedSecret ? { secret: generatedSecret } : {}),
      },
      201,
    );
  });

  r.delete("/api/channels/:id", async (c) =>
    c.json(await channels.remove(parseInput(channelIdParams, c.req.param()).id)),
  );

  r.post("/api/channels/:id/test", async (c) =>
    c.json(await channels.test(parseInput(channelIdParams, c.req.param()).id)),
  );

  // ------------------------------------------------------------------ page
  type Extra = Pick<Parameters<typeof ChannelsPage>[0], "values" | "error" | "notice">;
  const showPage = async (c: HttpContext, extra: Extra = {}, status: 200 | 400 | 404 = 200) => {
    const frame = pageFrame(c);
    const areas = await app.services.agenda.areaChoices();
    if (!frame.viewer.signedIn)
      return renderPage(c, ChannelsPage({ frame, channels: null, areas, ...extra }), status);
    const page = parseInput(channelsListQuery, queryOf(c));
    const { rows, total } = await channels.listPage(page);
    const pager = pageLinks(c, page, rows.length, total);
    return renderPage(c, ChannelsPage({ frame, channels: rows, pager, areas, ...extra }), status);
  };

  r.get("/channels", (c) => showPage(c));

  r.post("/channels", form, async (c) => {
    const body = await c.req.parseBody({ all: true });
    const field = (name: string) => (typeof body[name] === "string" ? (body[name] as string) : "");
    const areas = ([] as unknown[])
      .concat(body.areas ?? [])
      .filter((a): a is string => typeof a === "string");
    const values: ChannelFormValues = {
      type: field("type"),
      url: field("url"),
      chatId: field("chatId"),
      apiUrl: field("apiUrl"),
      minScore: field("minScore"),
      allMatches: field("allMatches"),
      areas,
    };
    try {
      const { channel, generatedSecret } = await channels.add({
        type: values.type ?? "",
        url: values.url || undefined,
        secret: field("secret") || undefined,
        botToken: field("botToken") || undefined,
        chatId: values.chatId || undefined,
        apiUrl: values.apiUrl || undefined,
        areas,
        allMatches: values.allMatches === "on",
        minScore: values.minScore || undefined,
      });
      // Rendered, not redirected: a generated secret must not travel in a cookie or a URL.
      const text = `Added channel ${channel.id} (${channel.type} → ${channel.target}).`;
      return showPage(c, { notice: { text, secret: generatedSecret ?? undefined } });
    } catch (err) {
      const problem = problemFromError(err);
      if (!problem) throw err;
      return showPage(c, { values, error: problem.message }, 400);
    }
  });

  r.post("/channels/:id/test", form, async (c) => {
    const result = await channels.test(parseInput(channelIdParams, c.req.param()).id);
    const text = result.sent
      ? `Sent a test message to channel ${result.channel.id}.`
      : `The test message to channel ${result.channel.id} did not arrive: ${result.error}`;
    return redirectWithNotice(
      c,
      `/channels#channel-${result.channel.id}`,
      text,
      result.sent ? "ok" : "error",
    );
  });

  r.post("/channels/:id/remove", form, async (c) => {
    const removed = await channels.remove(parseInput(channelIdParams, c.req.param()).id);
    return redirectWithNotice(c, "/channels", `Removed channel ${removed.id}; no more alerts go to it.`);
  });

  return r;
}
