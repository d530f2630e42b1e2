// Analysts' judgements through the API and the milestone page: confirm and reject evidence (the
// milestone's status follows), set a status by hand with a note, undo it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { seedSource } from "../helpers/dashboard-data.js";
import { ADMIN_TOKEN, Browserish, startTestServer, type TestServer } from "../helpers/http-test.js";
import { fixedClock, openTestApp, type TestApp } from "../helpers/test-app.js";

let app: TestApp;
let server: TestServer;
let evidenceId: number;

const PLAN = "national-ai-implementation-plan";

beforeAll(async () => {
  app = await openTestApp({ now: fixedClock("2026-11-26T10:00:00Z") });
  server = await startTestServer(app, { ADMIN_TOKEN });
});
afterAll(async () => {
  await server?.close();
  await app?.dispose();
});
beforeEach(async () => {
  await app.db.prisma.source.deleteMany();
  const plan = (await app.repos.agenda.findMilestone(PLAN))!;
  await app.db.prisma.milestoneStatusChange.deleteMany({ where: { milestoneId: plan.id } });
  await app.db.prisma.milestone.update({ where: { id: plan.id }, data: { status: "not_started" } });
  const seeded = await seedSource(app, "Kremlin — news", "http://en.kremlin.ru/feed", [
    {
      title: "Government approves the national AI implementation plan",
      url: "http://en.kremlin.ru/events/president/news/79001",
      publishedAt: "2026-11-25T09:00:00Z",
      evidence: [
        {
          milestone: PLAN,
          progress: true,
          score: 0.7,
          quote:
            "The Government approved the national plan for the implementation of artificial intelligence.",
          terms: ["national plan", "approved"],
        },
      ],
    },
  ]);
  evidenceId = seeded.evidenceIds[0]!;
});

const auth = { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" };
async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = auth) {
  const res = await fetch(`${server.base}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

describe("reviewing evidence through the API", () => {
  it("confirming progress evidence achieves the milestone, citing it; rejecting undoes that", async () => {
    expect((await api("GET", `/api/milestones/${PLAN}`)).body.status).toBe("not_started");
    expect((await api("POST", `/api/evidence/${evidenceId}/confirm`, { note: "checked" }, {})).status).toBe(
      401,
    );

    const confirmed = await api("POST", `/api/evidence/${evidenceId}/confirm`, {
      note: "checked the decree",
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.evidence).toMatchObject({
      id: evidenceId,
      review: "confirmed",
      reviewNote: "checked the decree",
    });
    expect(confirmed.body.milestone).toEqual({ slug: PLAN, status: "achieved" });
    const detail = (await api("GET", `/api/milestones/${PLAN}`)).body;
    expect(detail.status).toBe("achieved");
    expect(detail.history.at(-1)).toMatchObject({ toStatus: "achieved", evidenceIds: [evidenceId] });

    const rejected = await api("POST", `/api/evidence/${evidenceId}/reject`, { note: "wrong plan" });
    expect(rejected.body.milestone.status).toBe("not_started");
  });

  it("answers 404 for unknown evidence and 400 for a bad id", async () => {
    expect((await api("POST", "/api/evidence/999999/confirm", {})).status).toBe(404);
    expect((await api("POST", "/api/evidence/x/confirm", {})).body.error.message).toBe(
      'id: must be an evidence id (a whole number), not "x"',
    );
  });

  it("lists evidence waiting for review", async () => {
    const pending = (await api("GET", "/api/evidence?pending=true")).body;
    expect(pending.map((e: { id: number }) => e.id)).toEqual([evidenceId]);
  });
});

describe("status overrides", () => {
  it("sets a status with a note (required), and undoes it", async () => {
    const noNote = await api("POST", `/api/milestones/${PLAN}/status`, { status: "stalled" });
    expect(noNote.status).toBe(400);
    expect(noNote.body.error.message).toMatch(/^note: /);
    const badStatus = await api("POST", `/api/milestones/${PLAN}/status`, { status: "done", note: "x" });
    expect(badStatus.body.error.message).toMatch(/^status: /);
    const set = await api("POST", `/api/milestones/${PLAN}/status`, {
      status: "stalled",
      note: "no news since spring",
    });
    expect(set.status).toBe(201);
    expect(set.body).toMatchObject({ toStatus: "stalled", note: "no news since spring", cause: "analyst" });
    expect((await api("GET", `/api/milestones/${PLAN}`)).body.status).toBe("stalled");
    const undone = await api("POST", `/api/status-changes/${set.body.id}/undo`, { note: "wrong milestone" });
    expect(undone.body.status).toBe("not_started");
    const twice = await api("POST", `/api/status-changes/${set.body.id}/undo`, {});
    expect(twice.status).toBe(409);
  });
});

describe("the milestone page", () => {
  it("shows confirm/reject to a signed-in analyst and records a review from the form", async () => {
    const anonymous = await (await fetch(`${server.base}/milestones/${PLAN}`)).text();
    expect(anonymous).not.toMatch(/name="decision"/);
    expect(anonymous).toMatch(/Sign in<\/a> with the admin token to confirm or reject evidence/);

    const client = new Browserish(server.base);
    const csrf = await client.signIn(ADMIN_TOKEN);
    const page = await (await client.get(`/milestones/${PLAN}`)).text();
    expect(page).toMatch(/value="confirm"/);
    const res = await client.postForm(`/evidence/${evidenceId}/review`, {
      _csrf: csrf,
      decision: "confirm",
      note: "",
      back: `/milestones/${PLAN}`,
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/milestones/${PLAN}#evidence-${evidenceId}`);
    const after = await (await client.get(`/milestones/${PLAN}`)).text();
    expect(after).toMatch(/Evidence #\d+ confirmed\. The milestone is now Achieved\./);
    expect(after).toMatch(/<span id="milestone-status"><span class="badge badge-achieved">/);
  });

  it("answers the in-place script with JSON", async () => {
    const client = new Browserish(server.base);
    const csrf = await client.signIn(ADMIN_TOKEN);
    const res = await client.request(`/evidence/${evidenceId}/review`, {
      method: "POST",
      headers: { accept: "application/json", "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: csrf, decision: "confirm" }).toString(),
    });
    expect(await res.json()).toMatchObject({
      evidence: { id: evidenceId, review: "confirmed" },
      milestone: { slug: PLAN, status: "achieved", statusWord: "Achieved", symbol: "✓" },
    });
  });

  it("sets a status from the override form and undoes it from the history", async () => {
    const client = new Browserish(server.base);
    const csrf = await client.signIn(ADMIN_TOKEN);
    const set = await client.postForm(`/milestones/${PLAN}/status`, {
      _csrf: csrf,
      status: "in_progress",
      note: "the plan is being drafted",
    });
    expect(set.status).toBe(303);
    const page = await (await client.get(`/milestones/${PLAN}`)).text();
    expect(page).toMatch(/Status set to In progress, with your note\./);
    expect(page).toMatch(/Note: the plan is being drafted/);
    const changeId = /action="\/status-changes\/(\d+)\/undo"/.exec(page)![1]!;
    const undo = await client.postForm(`/status-changes/${changeId}/undo`, {
      _csrf: csrf,
      back: `/milestones/${PLAN}`,
    });
    expect(undo.headers.get("location")).toBe(`/milestones/${PLAN}`);
    expect(await (await client.get(`/milestones/${PLAN}`)).text()).toMatch(
      /undone; the status is now Not started/,
    );
  });
});
