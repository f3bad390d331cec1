-- Target-position alerts and partial exits.
-- CreateEnum
CREATE TYPE "MarketPosition" AS ENUM ('LONG', 'SHORT', 'FLAT');

-- AlterEnum
ALTER TYPE "SignalAction" ADD VALUE 'TARGET';

-- AlterEnum
ALTER TYPE "OrderPurpose" ADD VALUE 'REDUCE_LONG';
ALTER TYPE "OrderPurpose" ADD VALUE 'REDUCE_SHORT';

-- AlterTable
ALTER TABLE "Signal" ADD COLUMN     "targetPosition" "MarketPosition",
ADD COLUMN     "targetQuantity" DECIMAL(36,18),
ADD COLUMN     "prevMarketPosition" "MarketPosition",
ADD COLUMN     "closePercentage" DECIMAL(36,18),
ADD COLUMN     "closeQuantity" DECIMAL(36,18);
