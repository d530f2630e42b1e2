-- CreateTable
CREATE TABLE "AuthThrottle" (
    "address" TEXT NOT NULL,
    "failures" INTEGER NOT NULL,
    "windowEndsAt" TIMESTAMP(3) NOT NULL,
    "blockedUntil" TIMESTAMP(3),

    CONSTRAINT "AuthThrottle_pkey" PRIMARY KEY ("address")
);

-- CreateIndex
CREATE INDEX "AuthThrottle_windowEndsAt_idx" ON "AuthThrottle"("windowEndsAt");
