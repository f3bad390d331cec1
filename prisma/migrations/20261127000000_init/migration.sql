-- CreateEnum
CREATE TYPE "SignalStatus" AS ENUM ('RECEIVED', 'PROCESSING', 'EXECUTED', 'FAILED', 'REJECTED', 'SKIPPED', 'DUPLICATE');

-- CreateEnum
CREATE TYPE "SignalAction" AS ENUM ('BUY', 'SELL', 'CLOSE');

-- CreateEnum
CREATE TYPE "MarginType" AS ENUM ('ISOLATED', 'CROSSED');

-- CreateEnum
CREATE TYPE "OrderPurpose" AS ENUM ('CLOSE_OPPOSITE', 'OPEN', 'REVERSAL', 'CLOSE_LONG', 'CLOSE_SHORT');

-- CreateEnum
CREATE TYPE "OrderSide" AS ENUM ('BUY', 'SELL');

-- CreateEnum
CREATE TYPE "PositionSide" AS ENUM ('BOTH', 'LONG', 'SHORT');

-- CreateEnum
CREATE TYPE "OrderStatus" AS ENUM ('PENDING', 'NEW', 'PARTIALLY_FILLED', 'FILLED', 'CANCELED', 'EXPIRED', 'REJECTED', 'FAILED', 'UNKNOWN');

-- CreateTable
CREATE TABLE "Signal" (
    "id" TEXT NOT NULL,
    "route" TEXT NOT NULL,
    "clientIp" TEXT,
    "payload" JSONB NOT NULL,
    "action" "SignalAction",
    "rawSymbol" TEXT,
    "symbol" TEXT,
    "balancePercentage" DECIMAL(12,8),
    "leverage" INTEGER,
    "entryPrice" DECIMAL(36,18),
    "marginType" "MarginType",
    "externalId" TEXT,
    "status" "SignalStatus" NOT NULL DEFAULT 'RECEIVED',
    "httpStatus" INTEGER,
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "suggestions" TEXT[],
    "note" TEXT,
    "replayOfId" TEXT,
    "duplicateOfId" TEXT,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL,
    "answeredAt" TIMESTAMPTZ(3),
    "latencyMs" INTEGER,
    "exchangeMs" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Signal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Calculation" (
    "id" TEXT NOT NULL,
    "signalId" TEXT NOT NULL,
    "balance" DECIMAL(36,18) NOT NULL,
    "balanceSource" TEXT NOT NULL,
    "balancePercentage" DECIMAL(12,8) NOT NULL,
    "leverage" INTEGER NOT NULL,
    "price" DECIMAL(36,18) NOT NULL,
    "priceSource" TEXT NOT NULL,
    "positionValue" DECIMAL(36,18) NOT NULL,
    "rawQuantity" DECIMAL(36,18) NOT NULL,
    "quantity" DECIMAL(36,18) NOT NULL,
    "notional" DECIMAL(36,18) NOT NULL,
    "stepSize" DECIMAL(36,18) NOT NULL,
    "minQty" DECIMAL(36,18) NOT NULL,
    "maxQty" DECIMAL(36,18) NOT NULL,
    "minNotional" DECIMAL(36,18) NOT NULL,
    "capped" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Calculation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExchangeOrder" (
    "id" TEXT NOT NULL,
    "signalId" TEXT NOT NULL,
    "clientOrderId" TEXT NOT NULL,
    "exchangeOrderId" TEXT,
    "symbol" TEXT NOT NULL,
    "purpose" "OrderPurpose" NOT NULL,
    "side" "OrderSide" NOT NULL,
    "positionSide" "PositionSide" NOT NULL,
    "type" TEXT NOT NULL DEFAULT 'MARKET',
    "quantity" DECIMAL(36,18) NOT NULL,
    "reduceOnly" BOOLEAN NOT NULL DEFAULT false,
    "status" "OrderStatus" NOT NULL DEFAULT 'PENDING',
    "avgPrice" DECIMAL(36,18),
    "executedQty" DECIMAL(36,18),
    "cumQuote" DECIMAL(36,18),
    "errorCode" INTEGER,
    "errorMessage" TEXT,
    "request" JSONB NOT NULL,
    "response" JSONB,
    "sentAt" TIMESTAMPTZ(3),
    "answeredAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ExchangeOrder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PaperAccount" (
    "id" TEXT NOT NULL,
    "state" JSONB NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "PaperAccount_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Signal_symbol_receivedAt_idx" ON "Signal"("symbol", "receivedAt");

-- CreateIndex
CREATE INDEX "Signal_status_receivedAt_idx" ON "Signal"("status", "receivedAt");

-- CreateIndex
CREATE INDEX "Signal_route_receivedAt_idx" ON "Signal"("route", "receivedAt");

-- CreateIndex
CREATE INDEX "Signal_receivedAt_idx" ON "Signal"("receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Signal_route_externalId_key" ON "Signal"("route", "externalId");

-- CreateIndex
CREATE UNIQUE INDEX "Calculation_signalId_key" ON "Calculation"("signalId");

-- CreateIndex
CREATE UNIQUE INDEX "ExchangeOrder_clientOrderId_key" ON "ExchangeOrder"("clientOrderId");

-- CreateIndex
CREATE INDEX "ExchangeOrder_signalId_idx" ON "ExchangeOrder"("signalId");

-- CreateIndex
CREATE INDEX "ExchangeOrder_symbol_createdAt_idx" ON "ExchangeOrder"("symbol", "createdAt");

-- CreateIndex
CREATE INDEX "ExchangeOrder_status_createdAt_idx" ON "ExchangeOrder"("status", "createdAt");

-- AddForeignKey
ALTER TABLE "Signal" ADD CONSTRAINT "Signal_replayOfId_fkey" FOREIGN KEY ("replayOfId") REFERENCES "Signal"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Calculation" ADD CONSTRAINT "Calculation_signalId_fkey" FOREIGN KEY ("signalId") REFERENCES "Signal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExchangeOrder" ADD CONSTRAINT "ExchangeOrder_signalId_fkey" FOREIGN KEY ("signalId") REFERENCES "Signal"("id") ON DELETE CASCADE ON UPDATE CASCADE;
