-- The protection an alert asked for, kept with its signal: a signal interrupted between its entry
-- and its protection is settled from it at the next start.
-- AlterTable
ALTER TABLE "Signal" ADD COLUMN     "protectionRequest" JSONB;
