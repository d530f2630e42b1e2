WITH x AS (
    SELECT * FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (
      "sourceId" int, at timestamp(3), health boolean, state text, "nextCheckAt" timestamp(3),
      "setStale" boolean, "staleAfter" timestamp(3), "setValidators" boolean, etag text,
      "lastModified" text, snapshot text, "setBackfill" boolean, backfill jsonb,
      "matchedWith" text, "matcherVersion" text)) WITH ORDINALITY AS x(
      "sourceId", at, health, state, "nextCheckAt", "setStale", "staleAfter", "setValidators", etag,
      "lastModified", snapshot, "setBackfill", backfill, "matchedWith", "matcherVersion", input)
    WHERE EXISTS (SELECT 1 FROM "Source" s WHERE s.id = x."sourceId")
  ),
  n AS (
    SELECT n.ord, n.input::int AS input,
           COALESCE(n."dedupKey", 'url:' || n.url) AS "dedupKey", COALESCE(n.guid, n.url) AS guid,
           n.url, n.title, n.summary, n.content, n.language, n."publishedAt"::timestamp(3) AS "publishedAt",
           n."contentHash"
    FROM ROWS FROM (
      jsonb_array_elements_text($2::jsonb -> 'input'), jsonb_array_elements_text($2::jsonb -> 'dedupKey'),
      jsonb_array_elements_text($2::jsonb -> 'guid'), jsonb_array_elements_text($2::jsonb -> 'url'),
      jsonb_array_elements_text($2::jsonb -> 'title'), jsonb_array_elements_text($2::jsonb -> 'summary'),
      jsonb_array_elements_text($2::jsonb -> 'content'), jsonb_array_elements_text($2::jsonb -> 'language'),
      jsonb_array_elements_text($2::jsonb -> 'publishedAt'), jsonb_array_elements_text($2::jsonb -> 'contentHash')
    ) WITH ORDINALITY AS n(input, "dedupKey", guid, url, title, summary, content, language,
                           "publishedAt", "contentHash", ord)
  ),
  changed_rows AS (
    SELECT * FROM jsonb_to_recordset($3::jsonb) AS c(
      id int, at timestamp(3), "oldHash" text, title text, summary text, content text,
      "contentHash" text, "publishedAt" timestamp(3))
  ),
  upd AS (
    UPDATE "Item" i SET title = c.title, summary = c.summary, content = c.content,
           "contentHash" = c."contentHash", "publishedAt" = COALESCE(c."publishedAt", i."publishedAt"),
           "updatedAt" = c.at
    FROM changed_rows c
    WHERE i.id = c.id AND i."contentHash" = c."oldHash"
    RETURNING i.id, i."sourceId"
  ),
  rev AS (
    INSERT INTO "ItemRevision" ("itemId", title, summary, content, "contentHash", changed, "createdAt")
    SELECT i.id, i.title, i.summary, i.content, i."contentHash",
           array_remove(ARRAY[
             CASE WHEN c.title IS DISTINCT FROM i.title THEN 'title' END,
             CASE WHEN c.summary IS DISTINCT FROM i.summary THEN 'summary' END,
             CASE WHEN c.content IS DISTINCT FROM i.content THEN 'content' END
           ]::text[], NULL),
           c.at
    FROM "Item" i JOIN changed_rows c ON c.id = i.id
    WHERE i.id IN (SELECT id FROM upd)
  ),
  ins AS (
    INSERT INTO "Item" ("sourceId", guid, "dedupKey", url, title, summary, content, language,
                        "publishedAt", "firstSeenAt", "updatedAt", "contentHash", "matchedWith", "matchedAt")
    SELECT x."sourceId", n.guid, n."dedupKey", n.url, n.title, n.summary, n.content, n.language,
           n."publishedAt", x.at, x.at, n."contentHash", x."matchedWith",
           CASE WHEN x."matchedWith" IS NOT NULL THEN x.at END
    FROM n JOIN x ON x.input = n.input
    ORDER BY n.ord
    ON CONFLICT ("dedupKey") DO NOTHING
    RETURNING id, "dedupKey", "sourceId"
  ),
  ev AS (
    INSERT INTO "Evidence" ("itemId", "milestoneId", score, progress, nature, deadline, quote, terms,
                            "matcherVersion", "createdAt", "updatedAt")
    SELECT ins.id, e."milestoneId"::int, e.score::float8, e.progress::boolean, e.nature, e.deadline, e.quote,
           e.terms::text[], x."matcherVersion", x.at, x.at
    FROM ROWS FROM (
      jsonb_array_elements_text($4::jsonb -> 'item'), jsonb_array_elements_text($4::jsonb -> 'milestoneId'),
      jsonb_array_elements_text($4::jsonb -> 'score'), jsonb_array_elements_text($4::jsonb -> 'progress'),
      jsonb_array_elements_text($4::jsonb -> 'nature'), jsonb_array_elements_text($4::jsonb -> 'deadline'),
      jsonb_array_elements_text($4::jsonb -> 'quote'), jsonb_array_elements_text($4::jsonb -> 'terms')
    ) AS e(item, "milestoneId", score, progress, nature, deadline, quote, terms)
    JOIN n ON n.ord = e.item::int
    JOIN ins ON ins."dedupKey" = n."dedupKey"
    JOIN x ON x.input = n.input
    JOIN "Milestone" m ON m.id = e."milestoneId"::int
    ORDER BY ins.id, e."milestoneId"::int
    ON CONFLICT ("itemId", "milestoneId") DO NOTHING
    RETURNING id, progress, "itemId"
  ),
  src AS (
    UPDATE "Source" s SET
      "updatedAt" = x.at,
      "lastNewItemAt" = CASE WHEN EXISTS (SELECT 1 FROM ins WHERE ins."sourceId" = s.id) THEN x.at
                             ELSE s."lastNewItemAt" END,
      state = CASE WHEN x.health THEN x.state ELSE s.state END,
      "lastCheckedAt" = CASE WHEN x.health THEN x.at ELSE s."lastCheckedAt" END,
      "nextCheckAt" = CASE WHEN x.health THEN x."nextCheckAt" ELSE s."nextCheckAt" END,
      "consecutiveFailures" = CASE WHEN x.health THEN 0 ELSE s."consecutiveFailures" END,
      "lastSuccessAt" = CASE WHEN x.health THEN x.at ELSE s."lastSuccessAt" END,
      "lastError" = CASE WHEN x.health THEN NULL ELSE s."lastError" END,
      "staleAfter" = CASE WHEN x."setStale" THEN x."staleAfter" ELSE s."staleAfter" END,
      etag = CASE WHEN x."setValidators" THEN x.etag ELSE s.etag END,
      "lastModified" = CASE WHEN x."setValidators" THEN x."lastModified" ELSE s."lastModified" END,
      "pageSnapshot" = COALESCE(x.snapshot, s."pageSnapshot"),
      backfill = CASE WHEN x."setBackfill" THEN x.backfill ELSE s.backfill END
    FROM x WHERE s.id = x."sourceId"
  )
  SELECT x."sourceId",
         (SELECT json_agg(id) FROM ins WHERE ins."sourceId" = x."sourceId") AS "newIds",
         (SELECT json_agg(id) FROM upd WHERE upd."sourceId" = x."sourceId") AS "updatedIds",
         (SELECT json_agg(ev.id) FROM ev JOIN ins ON ins.id = ev."itemId"
           WHERE ev.progress AND ins."sourceId" = x."sourceId") AS "progressIds",
         (SELECT json_agg(ev.id) FROM ev JOIN ins ON ins.id = ev."itemId"
           WHERE ins."sourceId" = x."sourceId") AS "evidenceIds"
  FROM x
