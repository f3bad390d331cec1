-- A signal's (or an account's execution's) account must exist: an account with executions on record
-- cannot be removed (ON DELETE RESTRICT), and a removal racing an alert either waits for the
-- execution's row and is refused, or comes first and the execution finds the account gone.

-- Rows recorded for an account that was removed before this key existed keep their account id: the
-- account comes back as a disabled placeholder without keys ("Removed account <id>"), so the history
-- stays whole. The default account, when missing, comes back as it is created at a first start.
INSERT INTO "Account" ("id", "name", "credentialSource", "enabled", "updatedAt")
SELECT 'default', 'Default', 'environment', true, CURRENT_TIMESTAMP
 WHERE EXISTS (SELECT 1 FROM "Signal" WHERE "accountId" = 'default')
   AND NOT EXISTS (SELECT 1 FROM "Account" WHERE "id" = 'default');
INSERT INTO "Account" ("id", "name", "credentialSource", "enabled", "updatedAt")
SELECT DISTINCT s."accountId", 'Removed account ' || s."accountId", 'stored', false, CURRENT_TIMESTAMP
  FROM "Signal" s
 WHERE s."accountId" IS NOT NULL
   AND NOT EXISTS (SELECT 1 FROM "Account" a WHERE a."id" = s."accountId");

-- AddForeignKey
ALTER TABLE "Signal" ADD CONSTRAINT "Signal_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
