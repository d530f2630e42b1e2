-- AlterTable
ALTER TABLE "Source" ADD COLUMN     "pollingSince" TIMESTAMP(3),
ADD COLUMN     "staleAfter" TIMESTAMP(3);
