-- One Binance API key, one account: two accounts with the same key would send every alert twice to one
-- Binance account (twice the size, past each account's multiplier and cap). Each key's SHA-256
-- fingerprint is kept in a column of its own under a unique index, so two saves at once cannot both
-- pass. (src/accounts/api-key-fingerprint.ts computes the same value.)
ALTER TABLE "Account" ADD COLUMN "apiKeyFingerprint" TEXT;

-- Keys saved before: when several accounts already share one, only the first (the default account,
-- then the oldest) gets the fingerprint, so this migration never fails; the others are reported by
-- the admin API (warnings) and in the log at start until their keys change.
UPDATE "Account" AS a
   SET "apiKeyFingerprint" = k.fingerprint
  FROM (
    SELECT "id",
           encode(sha256(convert_to('binance-api-key:' || "apiKey", 'UTF8')), 'hex') AS fingerprint,
           row_number() OVER (PARTITION BY "apiKey" ORDER BY ("id" = 'default') DESC, "createdAt", "id") AS n
      FROM "Account"
     WHERE "apiKey" IS NOT NULL
  ) AS k
 WHERE a."id" = k."id" AND k.n = 1;

-- CreateIndex
CREATE UNIQUE INDEX "Account_apiKeyFingerprint_key" ON "Account"("apiKeyFingerprint");
