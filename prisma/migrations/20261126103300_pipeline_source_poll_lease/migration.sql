-- AlterTable
ALTER TABLE "Source" ADD COLUMN     "pollingSince" TIMESTAMP(3);
