-- AlterTable
ALTER TABLE "Evidence" ADD COLUMN     "deadline" TEXT,
ADD COLUMN     "nature" TEXT NOT NULL DEFAULT 'discussion';

-- AlterTable
ALTER TABLE "Source" ADD COLUMN     "voice" TEXT NOT NULL DEFAULT 'press';

-- Evidence stored before natures counted progress as a step; the Kremlin's and the government's
-- sites speak for the state.
UPDATE "Evidence" SET "nature" = 'step' WHERE "progress";
UPDATE "Source" SET "voice" = 'official'
 WHERE "kind" = 'kremlin' OR "url" ~* '^https?://([^/]*\.)?(kremlin\.ru|government\.ru)(:[0-9]+)?(/|$)';
