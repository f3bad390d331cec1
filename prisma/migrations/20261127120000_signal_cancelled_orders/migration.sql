-- Orders a signal cancelled on the exchange (close and reversal cancel the
-- symbol's resting and conditional orders), as the exchange listed them.
-- AlterTable
ALTER TABLE "Signal" ADD COLUMN "cancelledOrders" JSONB;
