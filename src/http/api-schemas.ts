// The API's inputs and outputs as zod schemas. Routes parse every input with these (through
// parseInput) and /api/openapi.json is generated from the same objects, so the document cannot
// drift from what the server accepts.
import cron from "node-cron";
import { z } from "zod";
import { MILESTONE_STATUSES } from "../domain/agenda.js";
import { calendarDateProblem } from "../domain/calendar-date.js";
import { choiceWords, DIGEST_FREQUENCIES } from "../domain/digest/period.js";
import { FREQUENCIES } from "../domain/digest/subscriber-input.js";
import { FETCH_ERROR_KINDS } from "../domain/fetch-error.js";
import { LIST_LIMITS, MAX_OFFSET } from "../domain/paging.js";
import { VOICES } from "../domain/source-voice.js";
import { SOURCE_KINDS } from "../sources/types.js";

// ---------------------------------------------------------------- building blocks

/** Named output schemas: they become `components.schemas` in the OpenAPI document. */
export const apiComponents = z.registry<{ id: string }>();

function named<S extends z.ZodType>(id: string, schema: S): S {
  apiComponents.add(schema, { id });
  return schema;
}

export const isoDate = z.string().superRefine((s, ctx) => {
  const problem = calendarDateProblem(s);
  if (problem) ctx.addIssue({ code: "custom", message: `${problem}, not ${JSON.stringify(s)}` });
});

export const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, {
  error: (iss) => `${JSON.stringify(iss.input)} is not a slug (lower-case words joined by hyphens)`,
});

/** A whole number written in a path or query string. */
const wholeNumber = (what: string, max: number) =>
  z
    .string()
    .regex(/^\d{1,10}$/, {
      error: (iss) => `must be ${what} (a whole number), not ${JSON.stringify(iss.input)}`,
    })
    .transform(Number)
    .refine((n) => n <= max, { error: `must be ${what} of at most ${max}` });

/** `limit` and `offset` of a list: at most the list's largest page, and 1 or more rows. */
export function pageQuery(kind: keyof typeof LIST_LIMITS, what: string) {
  const { default: byDefault, max } = LIST_LIMITS[kind];
  return {
    limit: wholeNumber(`a number of ${what}`, max)
      .refine((n) => n >= 1, { error: "must be at least 1" })
      .default(byDefault)
      .describe(`How many ${what} to answer with (${byDefault} unless given, at most ${max}).`),
    offset: wholeNumber(`a number of ${what} to skip`, MAX_OFFSET)
      .default(0)
      .describe(`How many ${what} to skip: the next page starts at offset + the rows answered.`),
  };
}

export const positiveId = (what: string) => {
  const an = /^[aeiou]/i.test(what) ? "an" : "a";
  return wholeNumber(`${an} ${what} id`, 2_147_483_647).refine((n) => n > 0, {
    error: `must be ${an} ${what} id (1 or more)`,
  });
};

/** An absolute http(s) URL; the message quotes what was sent, so the user sees which URL is wrong. */
export const httpUrl = z
  .string({ error: "is required: the address of the feed or page" })
  .trim()
  .max(2048, { error: "is longer than 2048 characters" })
  .refine(
    (s) => {
      try {
        const u = new URL(s);
        return (u.protocol === "http:" || u.protocol === "https:") && u.hostname !== "";
      } catch {
        return false;
      }
    },
    {
      error: (iss) =>
        `${JSON.stringify(iss.input)} is not a valid http(s) URL (for example https://example.org/feed.xml)`,
    },
  );

const cronExpression = z
  .string()
  .trim()
  .refine((s) => cron.validate(s), {
    error: (iss) =>
      `${JSON.stringify(iss.input)} is not a valid cron schedule (minute hour day month weekday, optional seconds first; for example */15 * * * *)`,
  });

/** What `kind` may be: `auto` (decided from the address and the answer) or a declared kind. */
export const SOURCE_KIND_CHOICES = ["auto", ...SOURCE_KINDS] as const;

const selector = z.string().trim().min(1).max(500);
export const selectorsSchema = z
  .object({
    item: selector,
    title: selector.optional(),
    link: selector.optional(),
    date: selector.optional(),
    summary: selector.optional(),
  })
  .strict()
  .describe("CSS selectors for an `html` list page: `item` picks each entry, the others are read inside it.");

export const errorSchema = named(
  "Error",
  z.object({
    error: z
      .object({
        kind: z
          .string()
          .describe(
            "What went wrong, for scripts: bad-request, unauthorized, forbidden, not-found, conflict, a fetch error kind…",
          ),
        message: z.string().describe("The same in words a user understands."),
      })
      .loose(),
  }),
);

// ---------------------------------------------------------------- status and milestones

export const statusQuery = z.object({
  at: isoDate.optional().describe("Report as of this date instead of today."),
  area: slug.optional().describe("Only this area."),
});

const milestoneStatus = z.enum(MILESTONE_STATUSES);

const milestoneStatusRow = named(
  "MilestoneStatus",
  z.object({
    slug: z.string(),
    title: z.string(),
    due: z.string().nullable(),
    kind: z.string(),
    status: milestoneStatus,
    daysLeft: z.number().int().nullable(),
    evidenceCount: z.number().int(),
    reason: z.string().describe("Why the milestone has this status, in words."),
  }),
);

export const statusReportSchema = named(
  "StatusReport",
  z.object({
    asOf: z.string(),
    areas: z.array(
      z.object({
        slug: z.string(),
        title: z.string(),
        objective: z.string(),
        horizon: z.string(),
        milestones: z.array(milestoneStatusRow),
      }),
    ),
  }),
);

export const milestoneParams = z.object({ slug });

export const milestoneQuery = z.object(pageQuery("evidence", "evidence entries"));

export const evidenceSchema = named(
  "Evidence",
  z.object({
    id: z.number().int(),
    milestoneId: z.number().int(),
    quote: z.string().nullable().describe("The sentence quoted as evidence."),
    progress: z.boolean().describe("Reports a concrete step (true) or only discussion (false)."),
    nature: z
      .enum(["step", "instruction", "discussion"])
      .describe("step: the deed done; instruction: the deed asked for (a commitment); discussion: talk."),
    deadline: z
      .string()
      .nullable()
      .describe("An instruction's own deadline (YYYY-MM-DD), when its text gives one."),
    score: z.number(),
    terms: z.array(z.string()).describe("The agenda terms that matched."),
    review: z.enum(["pending", "confirmed", "rejected"]),
    reviewNote: z.string().nullable(),
    reviewedAt: z.string().nullable(),
    superseded: z.boolean(),
    createdAt: z.string(),
    item: z.object({
      id: z.number().int(),
      title: z.string().nullable(),
      url: z.string(),
      publishedAt: z.string().nullable(),
      firstSeenAt: z.string(),
      language: z.string().nullable(),
    }),
    source: z.object({ id: z.number().int(), name: z.string() }),
  }),
);

const statusChangeSchema = named(
  "StatusChange",
  z.object({
    id: z.number().int(),
    milestone: z.object({ slug: z.string(), title: z.string() }),
    fromStatus: z.string(),
    toStatus: z.string(),
    reason: z.string(),
    cause: z.enum(["rules", "evidence", "analyst", "agenda"]),
    automatic: z.boolean(),
    note: z.string().nullable(),
    evidenceIds: z.array(z.number().int()),
    effectiveAt: z.string(),
    createdAt: z.string(),
    undoneAt: z.string().nullable(),
    undoneNote: z.string().nullable(),
  }),
);

const statusChangeRowSchema = z.object({
  id: z.number().int(),
  milestoneId: z.number().int(),
  fromStatus: z.string(),
  toStatus: z.string(),
  reason: z.string(),
  cause: z.enum(["rules", "evidence", "analyst", "agenda", "review", "undo"]).or(z.string()),
  evidenceIds: z.array(z.number().int()),
  automatic: z.boolean(),
  note: z.string().nullable(),
  effectiveAt: z.string(),
  createdAt: z.string(),
  undoneAt: z.string().nullable(),
  undoneNote: z.string().nullable(),
});

export const statusChangeRow = named("StatusChangeRecord", statusChangeRowSchema);

const evidenceItem = z.object({
  id: z.number().int(),
  title: z.string().nullable(),
  url: z.string(),
  language: z.string().nullable(),
  publishedAt: z.string().nullable(),
  firstSeenAt: z.string(),
  source: z.object({ id: z.number().int(), name: z.string() }),
});

export const evidenceEntrySchema = named(
  "EvidenceEntry",
  z
    .object({
      id: z.number().int(),
      itemId: z.number().int(),
      milestoneId: z.number().int(),
      milestoneSlug: z.string(),
      milestoneTitle: z.string(),
      areaSlug: z.string(),
      score: z.number(),
      progress: z.boolean(),
      nature: z
        .enum(["step", "instruction", "discussion"])
        .describe("step: the deed done; instruction: the deed asked for (a commitment); discussion: talk."),
      deadline: z
        .string()
        .nullable()
        .describe("An instruction's own deadline (YYYY-MM-DD), when its text gives one."),
      quote: z.string().nullable(),
      terms: z.array(z.string()),
      matcherVersion: z.string(),
      review: z.enum(["pending", "confirmed", "rejected"]),
      reviewNote: z.string().nullable(),
      reviewedAt: z.string().nullable(),
      superseded: z.boolean(),
      createdAt: z.string(),
      item: evidenceItem,
    })
    .loose(),
);

export const milestoneDetailSchema = named(
  "MilestoneDetail",
  z.object({
    slug: z.string(),
    title: z.string(),
    description: z.string(),
    area: z.object({ slug: z.string(), title: z.string() }),
    due: z.string().nullable(),
    kind: z.string(),
    cadenceDays: z.number().int().nullable(),
    baseline: z.unknown().nullable(),
    status: milestoneStatus,
    daysLeft: z.number().int().nullable(),
    reason: z.string().describe("Why the milestone has this status, in words."),
    cause: z.string(),
    automatic: z.boolean(),
    decidingEvidenceIds: z.array(z.number().int()).describe("Evidence that decides the current status."),
    history: z
      .array(
        statusChangeRowSchema.extend({
          undoable: z.boolean(),
          evidence: z.array(
            z.object({
              id: z.number().int(),
              quote: z.string().nullable(),
              itemTitle: z.string().nullable(),
              url: z.string(),
              review: z.string(),
            }),
          ),
        }),
      )
      .describe("Oldest first."),
    evidence: z
      .array(
        z.object({
          id: z.number().int(),
          score: z.number(),
          progress: z.boolean(),
          quote: z.string().nullable(),
          terms: z.array(z.string()),
          matcherVersion: z.string(),
          review: z.string(),
          reviewNote: z.string().nullable(),
          reviewedAt: z.string().nullable(),
          superseded: z.boolean(),
          createdAt: z.string(),
          item: evidenceItem,
        }),
      )
      .describe(
        "One page of the evidence timeline (limit and offset), newest first; superseded rows included and flagged.",
      ),
    evidencePage: z
      .object({
        offset: z.number().int(),
        limit: z.number().int(),
        total: z
          .number()
          .int()
          .describe("Evidence rows of the milestone, superseded and rejected ones included."),
        counted: z.number().int().describe("Of those, the live ones (neither superseded nor rejected)."),
      })
      .describe("Which part of the timeline `evidence` holds: the next page starts at offset + its length."),
  }),
);

export const reviewOutcomeSchema = named(
  "ReviewOutcome",
  z
    .object({
      evidence: evidenceEntrySchema,
      statusChanges: z
        .array(statusChangeRowSchema)
        .describe("Status changes the review caused, each citing the evidence."),
      learned: z
        .object({
          id: z.number().int(),
          sourceId: z.number().int().nullable(),
          milestoneSlug: z.string(),
          terms: z.array(z.string()),
        })
        .nullable()
        .describe("The negative pattern learned from a rejection."),
      forgotten: z.number().int(),
      milestone: z
        .object({ slug: z.string(), status: z.string().nullable() })
        .describe("The milestone's status after the review."),
    })
    .loose(),
);

export const changeIdParams = z.object({ id: positiveId("status change") });

export const undoResultSchema = named(
  "UndoResult",
  z.object({ undone: statusChangeRowSchema, change: statusChangeRowSchema.nullable(), status: z.string() }),
);

export const evidenceListQuery = z.object({
  milestone: slug.optional().describe("Only this milestone's evidence."),
  area: slug.optional().describe("Only this area's evidence."),
  pending: z.enum(["true", "false"]).optional().describe("true: only evidence waiting for review."),
  ...pageQuery("evidence", "evidence entries"),
});

export const overviewSchema = named(
  "Overview",
  z.object({
    report: statusReportSchema,
    countdowns: z.array(z.object({ label: z.string(), date: z.string(), daysLeft: z.number().int() })),
    latestEvidence: z.record(z.string(), evidenceSchema).describe("Milestone slug → its newest evidence."),
    changesThisWeek: z.array(statusChangeSchema),
    newEvidenceThisWeek: z.number().int(),
    statusCounts: z.record(z.string(), z.number().int()),
  }),
);

export const statusOverrideInput = z.object({
  status: milestoneStatus,
  note: z.string().trim().min(1, { error: "is required: say why the status is set by hand" }).max(2000),
});

// ---------------------------------------------------------------- items

export const itemsQuery = z.object({
  q: z
    .string()
    .trim()
    .max(200, { error: "is longer than 200 characters" })
    .optional()
    .describe("Full-text search, English or Russian."),
  area: slug.optional().describe("Items matched to a milestone of this area."),
  source: positiveId("source").optional().describe("Items of this source."),
  progress: z
    .enum(["true", "false"], { error: (iss) => `must be true or false, not ${JSON.stringify(iss.input)}` })
    .optional()
    .describe("true: items reporting progress; false: matched items that only discuss."),
  since: isoDate.optional().describe("Published on or after this date."),
  until: isoDate.optional().describe("Published before the end of this date."),
  ...pageQuery("items", "items"),
});

export const itemSchema = named(
  "Item",
  z.object({
    id: z.number().int(),
    title: z.string().nullable(),
    url: z.string(),
    summary: z.string().nullable(),
    language: z.string().nullable(),
    publishedAt: z.string().nullable(),
    firstSeenAt: z.string(),
    source: z.object({ id: z.number().int(), name: z.string() }),
    matches: z.array(
      z.object({
        evidenceId: z.number().int(),
        milestone: z.object({ slug: z.string(), title: z.string(), areaSlug: z.string() }),
        progress: z.boolean(),
        nature: z.enum(["step", "instruction", "discussion"]),
        score: z.number(),
        terms: z.array(z.string()).describe("The agenda terms that matched."),
        quote: z.string().nullable().describe("The sentence quoted as evidence."),
        review: z.string(),
      }),
    ),
  }),
);

export const itemsResultSchema = named(
  "ItemList",
  z.object({ total: z.number().int(), items: z.array(itemSchema) }),
);

// ---------------------------------------------------------------- sources

export const sourceInput = z.object({
  url: httpUrl,
  kind: z
    .enum(SOURCE_KIND_CHOICES, {
      error: (iss) => `must be one of ${SOURCE_KIND_CHOICES.join(", ")}, not ${JSON.stringify(iss.input)}`,
    })
    .default("auto"),
  name: z.string().trim().min(1).max(200).optional(),
  schedule: cronExpression.optional().describe("node-cron expression; default every 15 minutes for feeds."),
  selectors: selectorsSchema.optional(),
  proxy: z
    .string()
    .trim()
    .max(1000)
    .optional()
    .describe(
      "The source's own proxy (http://, socks5://, socks5h://, `direct`); wins over HTTPS_PROXY/HTTP_PROXY.",
    ),
  mirrors: z
    .array(httpUrl)
    .max(20)
    .optional()
    .describe("Other URLs serving the same content, tried in order."),
  voice: z
    .enum(VOICES, { error: (iss) => `must be official or press, not ${JSON.stringify(iss.input)}` })
    .optional()
    .describe(
      "official: the agenda's state speaks (its items need not name the country); press: others report.",
    ),
  force: z.boolean().default(false).describe("Save even when the URL yields no items now."),
});

export const sourceTestInput = sourceInput.pick({ url: true, kind: true, selectors: true, proxy: true });

export const sourceIdParams = z.object({ id: positiveId("source") });

export const sourcesListQuery = z.object(pageQuery("rows", "sources"));

export const fetchErrorSchema = named(
  "FetchError",
  z.object({
    kind: z.enum(FETCH_ERROR_KINDS),
    message: z.string(),
    status: z.number().int().optional(),
    retryAfterSeconds: z.number().optional(),
  }),
);

export const sourceSchema = named(
  "Source",
  z
    .object({
      id: z.number().int(),
      name: z.string(),
      url: z.string(),
      kind: z.string(),
      schedule: z.string(),
      proxy: z.string().nullable().optional().describe("The source's own proxy, credentials masked."),
      mirrors: z.array(z.string()).optional(),
      voice: z.enum(VOICES).describe("official: the agenda's state speaking; press: others reporting."),
      health: z.object({
        state: z.enum(["pending", "healthy", "failing", "stale", "blocked"]),
        paused: z.boolean(),
        consecutiveFailures: z.number().int(),
        itemsDropped: z.number().int().describe("Items the last fetch left out, past MAX_ITEMS_PER_FETCH."),
        lastCheckedAt: z.string().nullable(),
        lastSuccessAt: z.string().nullable(),
        nextCheckAt: z.string().nullable(),
        lastError: fetchErrorSchema.nullable(),
        lastErrorAt: z.string().nullable(),
        itemsLast7Days: z.number().int(),
        itemsLast30Days: z.number().int(),
        answeredBy: z
          .string()
          .nullable()
          .optional()
          .describe("The URL (the source's or a mirror's) that last answered."),
      }),
      itemCount: z.number().int(),
    })
    .loose(),
);

export const addedSourceSchema = named(
  "AddedSource",
  sourceSchema.extend({
    preview: z.lazy(() => sourcePreviewSchema).describe("What the check before saving found."),
  }),
);

export const removedSourceSchema = named(
  "RemovedSource",
  z.object({
    id: z.number().int(),
    name: z.string(),
    items: z.number().int().describe("Items removed with it."),
  }),
);

export const importResultSchema = named(
  "ImportResult",
  z.object({
    added: z.number().int(),
    duplicates: z.number().int(),
    invalid: z.number().int(),
    problems: z.array(z.string()),
  }),
);

export const sourcePreviewSchema = named(
  "SourcePreview",
  z.union([
    z.object({
      ok: z.literal(true),
      kind: z.string(),
      items: z.array(
        z.object({ title: z.string().nullable(), url: z.string(), published: z.string().nullable() }),
      ),
    }),
    z.object({ ok: z.literal(false), kind: z.string().optional(), error: fetchErrorSchema }),
  ]),
);

export const pollSummarySchema = named(
  "PollSummary",
  z
    .object({
      sources: z.number().int(),
      fetched: z.number().int(),
      notModified: z.number().int(),
      failed: z.number().int(),
      newItems: z.number().int(),
      updatedItems: z.number().int(),
      source: sourceSchema.describe("The source after the poll: health and item count."),
    })
    .loose(),
);

// ---------------------------------------------------------------- evidence

export const evidenceIdParams = z.object({ id: positiveId("evidence") });
export const reviewInput = z.object({ note: z.string().trim().max(2000).optional() });

// ---------------------------------------------------------------- subscribers

export const subscriberInput = z.object({
  email: z.string({ error: "is required: the address digests go to" }).trim().min(3).max(254),
  name: z.string().trim().max(200).optional(),
  areas: z.array(slug).optional().describe("Area slugs; all areas when left out or empty."),
  frequency: z
    .enum(FREQUENCIES, {
      error: (iss) => `must be ${choiceWords(FREQUENCIES)}, not ${JSON.stringify(iss.input)}`,
    })
    .default("daily"),
  timeZone: z.string().trim().max(64).optional().describe("IANA zone such as Europe/Moscow; default UTC."),
  hour: z
    .number()
    .int()
    .min(0)
    .max(23)
    .optional()
    .describe("Hour of the day the digest goes out (default 8)."),
  weekday: z
    .number()
    .int()
    .min(1)
    .max(7)
    .optional()
    .describe("ISO weekday of weekly digests, 1 = Monday (default)."),
});

export const subscriberSchema = named(
  "Subscriber",
  z.object({
    id: z.number().int(),
    email: z.string(),
    name: z.string().nullable(),
    areas: z.array(z.string()).describe("Empty: all areas."),
    frequency: z.string(),
    timeZone: z.string(),
    hour: z.number().int(),
    weekday: z.number().int(),
    status: z.string(),
    lastDigestAt: z.string().nullable(),
    createdAt: z.string(),
  }),
);

export const digestPreviewQuery = z.object({
  frequency: z
    .enum(DIGEST_FREQUENCIES, {
      error: (iss) => `must be ${choiceWords(DIGEST_FREQUENCIES)}, not ${JSON.stringify(iss.input)}`,
    })
    .default("daily"),
  to: z
    .string()
    .trim()
    .max(254)
    .optional()
    .describe("One subscriber's address; else the first of that frequency."),
});

export const subscriberIdParams = z.object({ id: positiveId("subscriber") });

export const subscribersListQuery = z.object(pageQuery("rows", "subscribers"));

export const digestPreviewSchema = named(
  "DigestPreview",
  z.object({
    email: z.string(),
    frequency: z.enum(DIGEST_FREQUENCIES),
    period: z.string().describe('"2026-11-26" or "2026-W48"'),
    subject: z.string(),
    text: z.string(),
    html: z.string(),
    sample: z.boolean().describe("No subscriber of that frequency: a sample for an all-areas reader."),
  }),
);

// ---------------------------------------------------------------- alert channels

export const channelInput = z.object({
  type: z.enum(["webhook", "slack", "telegram"], {
    error: (iss) => `must be webhook, slack or telegram, not ${JSON.stringify(iss.input)}`,
  }),
  url: z.string().trim().max(2000).optional().describe("webhook and slack: the URL messages are posted to."),
  secret: z
    .string()
    .max(500)
    .optional()
    .describe("webhook: the signing secret; generated (and returned once) when left out."),
  botToken: z.string().trim().max(200).optional().describe("telegram: the bot's token (never shown again)."),
  chatId: z
    .union([z.string().trim().max(100), z.number().int()])
    .optional()
    .describe("telegram: the chat id or @channel."),
  apiUrl: z
    .string()
    .trim()
    .max(2000)
    .optional()
    .describe("telegram: the Bot API address (default https://api.telegram.org)."),
  areas: z.array(slug).optional().describe("Area slugs; all areas when left out or empty."),
  allMatches: z.boolean().optional().describe("Every new match, not only progress (the default)."),
  minScore: z
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe("Evidence scoring less is left out (0-1, default 0)."),
});

export const addedChannelSchema = named(
  "AddedChannel",
  z.object({
    id: z.number().int(),
    type: z.string(),
    target: z.string().describe("The URL (masked: a hook's path is its secret) or the Telegram chat id."),
    areas: z.array(z.string()).describe("Empty: all areas."),
    allMatches: z.boolean(),
    minScore: z.number(),
    secret: z.string().optional().describe("A webhook's generated signing secret: returned this once only."),
  }),
);

export const channelSchema = named(
  "Channel",
  z.object({
    id: z.number().int(),
    type: z.string(),
    target: z.string(),
    areas: z.array(z.string()),
    allMatches: z.boolean(),
    minScore: z.number(),
    secret: z.string().nullable().describe('"***" when the channel has a secret or bot token.'),
    apiUrl: z.string().nullable(),
    createdAt: z.string(),
  }),
);

export const channelWithDeliverySchema = named(
  "ChannelWithDelivery",
  channelSchema.extend({
    lastDelivery: z
      .object({
        at: z.string().describe("When it was delivered, last tried, or written (not tried yet)."),
        status: z.enum(["delivered", "failed", "pending"]),
        retrying: z.boolean().describe("A failed message that will be tried again (false: given up)."),
        event: z.string().describe("progress, match or test."),
        pollId: z.number().int().nullable(),
        attempts: z.number().int(),
        error: z.string().nullable().describe("Why its last try failed, in words; null once delivered."),
        deliveryId: z.string().describe("Its X-Policywatch-Delivery id."),
      })
      .nullable()
      .describe("The channel's latest message; null when nothing was sent to it yet."),
  }),
);

export const channelTestSchema = named(
  "ChannelTest",
  z.object({
    channel: channelSchema,
    sent: z.boolean(),
    deliveryId: z.string(),
    error: z.string().nullable().describe("Why it did not arrive, in words."),
  }),
);

export const channelIdParams = z.object({ id: positiveId("channel") });

export const channelsListQuery = z.object(pageQuery("rows", "channels"));
