-- AlterTable
ALTER TABLE "ExchangeOrder" ADD COLUMN     "note" TEXT;
