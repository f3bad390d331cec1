-- Bots and accounts: many strategies (bots, each with its own webhook URL and secret) and many
-- Binance accounts on one service. An alert to a bot's URL is one signal row; each account it trades
-- gets an execution row under it (parentId) with its own calculation and orders.
-- Today's credentials become the "default" account and today's routes the "default" bot, in place.

-- CreateTable
CREATE TABLE "Account" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "mode" TEXT,
    "credentialSource" TEXT NOT NULL DEFAULT 'stored',
    "apiKey" TEXT,
    "secretCiphertext" TEXT,
    "secretIv" TEXT,
    "secretTag" TEXT,
    "lastCheckOk" BOOLEAN,
    "lastCheckError" TEXT,
    "lastCheckedAt" TIMESTAMPTZ(3),
    "sizingMultiplier" DECIMAL(12,8) NOT NULL DEFAULT 1,
    "maxLeverage" INTEGER,
    "maxPositionValueUsdt" DECIMAL(36,18),
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "halted" BOOLEAN NOT NULL DEFAULT false,
    "haltReason" TEXT,
    "haltedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Bot" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "secretCiphertext" TEXT,
    "secretIv" TEXT,
    "secretTag" TEXT,
    "stateAware" BOOLEAN NOT NULL DEFAULT false,
    "defaults" JSONB NOT NULL DEFAULT '{}',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "halted" BOOLEAN NOT NULL DEFAULT false,
    "haltReason" TEXT,
    "haltedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Bot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BotAccount" (
    "botId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BotAccount_pkey" PRIMARY KEY ("botId","accountId")
);

-- CreateTable
CREATE TABLE "TradingSwitch" (
    "id" TEXT NOT NULL,
    "halted" BOOLEAN NOT NULL DEFAULT false,
    "haltReason" TEXT,
    "haltedAt" TIMESTAMPTZ(3),
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "TradingSwitch_pkey" PRIMARY KEY ("id")
);

-- AlterTable
ALTER TABLE "Signal" ADD COLUMN "botId" TEXT,
                     ADD COLUMN "accountId" TEXT,
                     ADD COLUMN "parentId" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Account_name_key" ON "Account"("name");
CREATE UNIQUE INDEX "Bot_name_key" ON "Bot"("name");
CREATE UNIQUE INDEX "Bot_slug_key" ON "Bot"("slug");
CREATE INDEX "BotAccount_accountId_idx" ON "BotAccount"("accountId");
CREATE INDEX "Signal_botId_receivedAt_idx" ON "Signal"("botId", "receivedAt");
CREATE INDEX "Signal_accountId_receivedAt_idx" ON "Signal"("accountId", "receivedAt");

-- AddForeignKey
ALTER TABLE "BotAccount" ADD CONSTRAINT "BotAccount_botId_fkey" FOREIGN KEY ("botId") REFERENCES "Bot"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "BotAccount" ADD CONSTRAINT "BotAccount_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Today's credentials become the default account: those saved through /api/binance/config when there
-- are any (their encrypted secret moves as it is). A database that already recorded signals gets the
-- default account (on the environment's credentials when none were saved) and the default bot, which
-- every recorded signal came through; a new database gets them at the service's first start.
INSERT INTO "Account" ("id", "name", "mode", "credentialSource", "apiKey", "secretCiphertext", "secretIv", "secretTag",
                       "lastCheckOk", "lastCheckError", "lastCheckedAt", "createdAt", "updatedAt")
SELECT 'default', 'Default', c."mode", 'stored', c."apiKey", c."secretCiphertext", c."secretIv", c."secretTag",
       c."lastCheckOk", c."lastCheckError", c."lastCheckedAt", c."createdAt", CURRENT_TIMESTAMP
  FROM "ExchangeCredential" c WHERE c."id" = 'active';
DROP TABLE "ExchangeCredential";

INSERT INTO "Account" ("id", "name", "mode", "credentialSource", "updatedAt")
SELECT 'default', 'Default', NULL, 'environment', CURRENT_TIMESTAMP
 WHERE EXISTS (SELECT 1 FROM "Signal") AND NOT EXISTS (SELECT 1 FROM "Account" WHERE "id" = 'default');
INSERT INTO "Bot" ("id", "name", "slug", "updatedAt")
SELECT 'default', 'Default', 'default', CURRENT_TIMESTAMP WHERE EXISTS (SELECT 1 FROM "Signal");
INSERT INTO "BotAccount" ("botId", "accountId")
SELECT 'default', 'default' WHERE EXISTS (SELECT 1 FROM "Bot" WHERE "id" = 'default');
UPDATE "Signal" SET "botId" = 'default', "accountId" = 'default';
