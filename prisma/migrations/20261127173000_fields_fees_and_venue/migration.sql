-- What a signal did not use, the hash of its body (a repeated id with another
-- body is refused, not taken for a retry), and where it was sent.
ALTER TABLE "Signal" ADD COLUMN "ignoredFields" TEXT[],
ADD COLUMN "bodyHash" TEXT,
ADD COLUMN "exchangeMode" TEXT,
ADD COLUMN "exchangeHost" TEXT;

-- The opening fee the sizing left room for, and the balance it had to fit.
ALTER TABLE "Calculation" ADD COLUMN "availableBalance" DECIMAL(36,18),
ADD COLUMN "takerFeeRate" DECIMAL(12,8),
ADD COLUMN "openingFee" DECIMAL(36,18),
ADD COLUMN "feeCapped" BOOLEAN NOT NULL DEFAULT false;
