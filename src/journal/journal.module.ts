/** Owns recording: signals, calculations, orders and errors, in Postgres (with a local safety net). */
import { Module } from '@nestjs/common';
import { SignalJournal } from './signal-journal.service';

@Module({
  providers: [SignalJournal],
  exports: [SignalJournal],
})
export class JournalModule {}
