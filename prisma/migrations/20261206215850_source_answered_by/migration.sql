-- AlterTable
ALTER TABLE "Source" ADD COLUMN     "answeredBy" TEXT;
