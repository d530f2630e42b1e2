-- AlterTable
ALTER TABLE "Source" ADD COLUMN     "itemsDropped" INTEGER NOT NULL DEFAULT 0;
