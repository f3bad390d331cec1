-- The leverage bracket's position limit used to size a signal, and which limit capped it.
ALTER TABLE "Calculation" ADD COLUMN "maxNotional" DECIMAL(36,18);
ALTER TABLE "Calculation" ADD COLUMN "cappedBy" TEXT;
