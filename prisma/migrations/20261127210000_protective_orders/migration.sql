-- Protection placed on the exchange for a signal's position: stop loss, take
-- profits and trailing stop (Binance algo orders), with their fate: triggered,
-- filled (when, at what price), cancelled, refused.
CREATE TYPE "ProtectionKind" AS ENUM ('STOP_LOSS', 'TAKE_PROFIT', 'TRAILING_STOP');

CREATE TYPE "ProtectionStatus" AS ENUM ('PENDING', 'NEW', 'TRIGGERED', 'FINISHED', 'CANCELED', 'REJECTED', 'EXPIRED', 'FAILED', 'UNKNOWN');

-- The market order that flattens a position whose protection could not be placed.
ALTER TYPE "OrderPurpose" ADD VALUE 'CLOSE_UNPROTECTED';

CREATE TABLE "ProtectiveOrder" (
    "id" TEXT NOT NULL,
    "signalId" TEXT NOT NULL,
    "symbol" TEXT NOT NULL,
    "positionSide" "PositionSide" NOT NULL,
    "side" "OrderSide" NOT NULL,
    "kind" "ProtectionKind" NOT NULL,
    "level" INTEGER,
    "type" TEXT NOT NULL,
    "clientAlgoId" TEXT NOT NULL,
    "algoId" TEXT,
    "triggerPrice" DECIMAL(36,18),
    "askedPrice" DECIMAL(36,18),
    "quantity" DECIMAL(36,18),
    "closePosition" BOOLEAN NOT NULL DEFAULT false,
    "sizePercent" DECIMAL(12,8),
    "callbackRate" DECIMAL(12,8),
    "activationPrice" DECIMAL(36,18),
    "workingType" TEXT NOT NULL,
    "breakEven" BOOLEAN NOT NULL DEFAULT false,
    "entryPrice" DECIMAL(36,18),
    "replacesId" TEXT,
    "status" "ProtectionStatus" NOT NULL DEFAULT 'PENDING',
    "errorCode" INTEGER,
    "errorMessage" TEXT,
    "note" TEXT,
    "request" JSONB NOT NULL,
    "response" JSONB,
    "placedAt" TIMESTAMPTZ(3),
    "triggeredAt" TIMESTAMPTZ(3),
    "filledAt" TIMESTAMPTZ(3),
    "fillPrice" DECIMAL(36,18),
    "actualOrderId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ProtectiveOrder_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "ProtectiveOrder_clientAlgoId_key" ON "ProtectiveOrder"("clientAlgoId");
CREATE INDEX "ProtectiveOrder_signalId_idx" ON "ProtectiveOrder"("signalId");
CREATE INDEX "ProtectiveOrder_symbol_status_idx" ON "ProtectiveOrder"("symbol", "status");
CREATE INDEX "ProtectiveOrder_status_filledAt_idx" ON "ProtectiveOrder"("status", "filledAt");

ALTER TABLE "ProtectiveOrder" ADD CONSTRAINT "ProtectiveOrder_signalId_fkey" FOREIGN KEY ("signalId") REFERENCES "Signal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Sizing by quantity, USDT value or risk: balancePercentage is only set for the seed's sizing.
ALTER TABLE "Calculation" ALTER COLUMN "balancePercentage" DROP NOT NULL,
ADD COLUMN "sizingMode" TEXT,
ADD COLUMN "sizingValue" DECIMAL(36,18),
ADD COLUMN "stopPrice" DECIMAL(36,18),
ADD COLUMN "riskCapped" BOOLEAN NOT NULL DEFAULT false;
