-- CreateTable
CREATE TABLE "Channel" (
    "id" SERIAL NOT NULL,
    "type" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "secret" TEXT,
    "apiUrl" TEXT,
    "areas" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "allMatches" BOOLEAN NOT NULL DEFAULT false,
    "minScore" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Channel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChannelDelivery" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "channelId" INTEGER NOT NULL,
    "event" TEXT NOT NULL,
    "pollId" INTEGER,
    "bodies" TEXT[],
    "partsSent" INTEGER NOT NULL DEFAULT 0,
    "deliveryId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "notBefore" TIMESTAMP(3),
    "claimedAt" TIMESTAMP(3),
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChannelDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ChannelDelivery_key_key" ON "ChannelDelivery"("key");

-- CreateIndex
CREATE UNIQUE INDEX "ChannelDelivery_deliveryId_key" ON "ChannelDelivery"("deliveryId");

-- CreateIndex
CREATE INDEX "ChannelDelivery_status_createdAt_idx" ON "ChannelDelivery"("status", "createdAt");

-- AddForeignKey
ALTER TABLE "ChannelDelivery" ADD CONSTRAINT "ChannelDelivery_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "Channel"("id") ON DELETE CASCADE ON UPDATE CASCADE;
