-- What happened on the exchange account, appended as Binance reports it: fills (realised PnL,
-- commission), funding fees, liquidations and auto-deleveraging, conditional-order triggers and
-- margin calls. Unique on the account and Binance's id of the event, so two instances on one account
-- and back-fills from trade / income history never record an event twice.
CREATE TYPE "AccountEventKind" AS ENUM ('FILL', 'LIQUIDATION', 'ADL', 'FUNDING_FEE', 'CONDITIONAL_TRIGGER', 'MARGIN_CALL');

CREATE TYPE "AccountEventOrigin" AS ENUM ('TVBRIDGE', 'OUTSIDE', 'BINANCE');

CREATE TABLE "AccountEvent" (
    "id" TEXT NOT NULL,
    "account" TEXT NOT NULL,
    "eventKey" TEXT NOT NULL,
    "kind" "AccountEventKind" NOT NULL,
    "origin" "AccountEventOrigin" NOT NULL,
    "symbol" TEXT,
    "signalId" TEXT,
    "clientOrderId" TEXT,
    "orderId" TEXT,
    "tradeId" TEXT,
    "side" "OrderSide",
    "positionSide" "PositionSide",
    "price" DECIMAL(36,18),
    "quantity" DECIMAL(36,18),
    "realizedPnl" DECIMAL(36,18),
    "commission" DECIMAL(36,18),
    "commissionAsset" TEXT,
    "amount" DECIMAL(36,18),
    "asset" TEXT,
    "source" TEXT NOT NULL,
    "details" JSONB,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AccountEvent_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "AccountEvent_account_eventKey_key" ON "AccountEvent"("account", "eventKey");
CREATE INDEX "AccountEvent_signalId_idx" ON "AccountEvent"("signalId");
CREATE INDEX "AccountEvent_account_occurredAt_idx" ON "AccountEvent"("account", "occurredAt");
CREATE INDEX "AccountEvent_symbol_occurredAt_idx" ON "AccountEvent"("symbol", "occurredAt");

-- Append-only: a recorded event is never changed.
CREATE FUNCTION "AccountEvent_refuse_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'AccountEvent rows are append-only';
END;
$$;

CREATE TRIGGER "AccountEvent_append_only" BEFORE UPDATE ON "AccountEvent"
  FOR EACH ROW EXECUTE FUNCTION "AccountEvent_refuse_update"();
