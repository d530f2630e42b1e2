-- CreateTable
CREATE TABLE "DataVersion" (
    "id" INTEGER NOT NULL,
    "version" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "DataVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DataVersionBump" (
    "id" SERIAL NOT NULL,

    CONSTRAINT "DataVersionBump_pkey" PRIMARY KEY ("id")
);

-- The version the pages' caches are keyed on (src/repositories/data-version-repository.ts).
INSERT INTO "DataVersion" ("id", "version") VALUES (1, 0);

-- A writing statement marks its transaction once; the mark's deferred trigger bumps the version
-- at commit, so the bump becomes visible together with the data and the version row is never
-- held locked while a transaction does its other work (no waiting between instances' writes).
CREATE FUNCTION "policywatch_mark_data_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('policywatch.data_changed', true) IS DISTINCT FROM 'yes' THEN
    PERFORM set_config('policywatch.data_changed', 'yes', true);
    INSERT INTO "DataVersionBump" DEFAULT VALUES;
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION "policywatch_bump_data_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "id" = 1;
  DELETE FROM "DataVersionBump" WHERE "id" = NEW."id";
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER "DataVersionBump_at_commit" AFTER INSERT ON "DataVersionBump"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "policywatch_bump_data_version"();

CREATE TRIGGER "Agenda_data_changed" AFTER INSERT OR UPDATE OR DELETE ON "Agenda"
  FOR EACH STATEMENT EXECUTE FUNCTION "policywatch_mark_data_changed"();
CREATE TRIGGER "Area_data_changed" AFTER INSERT OR UPDATE OR DELETE ON "Area"
  FOR EACH STATEMENT EXECUTE FUNCTION "policywatch_mark_data_changed"();
CREATE TRIGGER "Milestone_data_changed" AFTER INSERT OR UPDATE OR DELETE ON "Milestone"
  FOR EACH STATEMENT EXECUTE FUNCTION "policywatch_mark_data_changed"();
CREATE TRIGGER "MilestoneStatusChange_data_changed" AFTER INSERT OR UPDATE OR DELETE ON "MilestoneStatusChange"
  FOR EACH STATEMENT EXECUTE FUNCTION "policywatch_mark_data_changed"();
CREATE TRIGGER "Evidence_data_changed" AFTER INSERT OR UPDATE OR DELETE ON "Evidence"
  FOR EACH STATEMENT EXECUTE FUNCTION "policywatch_mark_data_changed"();
-- Items and sources change on every poll; only what the pages show counts.
CREATE TRIGGER "Item_data_changed"
  AFTER INSERT OR DELETE OR UPDATE OF "sourceId", "url", "title", "summary", "content", "language", "publishedAt", "firstSeenAt"
  ON "Item" FOR EACH STATEMENT EXECUTE FUNCTION "policywatch_mark_data_changed"();
CREATE TRIGGER "Source_data_changed" AFTER INSERT OR DELETE OR UPDATE OF "name", "url" ON "Source"
  FOR EACH STATEMENT EXECUTE FUNCTION "policywatch_mark_data_changed"();

-- Bulk writes on the embedded database run with session_replication_role = replica
-- (RawSql.withoutRowReferenceChecks), where ordinary triggers do not fire.
ALTER TABLE "DataVersionBump" ENABLE ALWAYS TRIGGER "DataVersionBump_at_commit";
ALTER TABLE "Agenda" ENABLE ALWAYS TRIGGER "Agenda_data_changed";
ALTER TABLE "Area" ENABLE ALWAYS TRIGGER "Area_data_changed";
ALTER TABLE "Milestone" ENABLE ALWAYS TRIGGER "Milestone_data_changed";
ALTER TABLE "MilestoneStatusChange" ENABLE ALWAYS TRIGGER "MilestoneStatusChange_data_changed";
ALTER TABLE "Evidence" ENABLE ALWAYS TRIGGER "Evidence_data_changed";
ALTER TABLE "Item" ENABLE ALWAYS TRIGGER "Item_data_changed";
ALTER TABLE "Source" ENABLE ALWAYS TRIGGER "Source_data_changed";
