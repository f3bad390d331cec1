-- Only signals that passed the source and secret checks may be replayed.
ALTER TABLE "Signal" ADD COLUMN "authenticated" BOOLEAN NOT NULL DEFAULT false;
-- Rows written before this column existed: everything but a refused source, a refused
-- secret or an unread oversized body had passed both checks.
UPDATE "Signal" SET "authenticated" = true
 WHERE "status" <> 'REJECTED' OR "errorCode" IS NULL OR "errorCode" NOT IN ('UNAUTHORIZED', 'FORBIDDEN', 'PAYLOAD_TOO_LARGE');

-- CreateTable
CREATE TABLE "RequestTally" (
    "kind" TEXT NOT NULL,
    "clientIp" TEXT NOT NULL,
    "windowStart" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL,
    "notStored" INTEGER NOT NULL DEFAULT 0,
    "lastAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RequestTally_pkey" PRIMARY KEY ("kind","clientIp","windowStart")
);

-- CreateIndex
CREATE INDEX "RequestTally_windowStart_idx" ON "RequestTally"("windowStart");

-- CreateTable
CREATE TABLE "RateLimitBucket" (
    "key" TEXT NOT NULL,
    "hits" INTEGER NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "blockedUntil" TIMESTAMPTZ(3),

    CONSTRAINT "RateLimitBucket_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "RateLimitBucket_expiresAt_idx" ON "RateLimitBucket"("expiresAt");
