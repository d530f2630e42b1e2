-- CreateIndex
CREATE INDEX "ChannelDelivery_channelId_id_idx" ON "ChannelDelivery"("channelId", "id");
