/** Owns recording (signals, calculations, orders, errors; with a local safety net) and reading the history back. */
import { Module } from '@nestjs/common';
import { SignalHistoryRepository } from './signal-history.repository';
import { SignalJournal } from './signal-journal.service';

@Module({
  providers: [SignalJournal, SignalHistoryRepository],
  exports: [SignalJournal, SignalHistoryRepository],
})
export class JournalModule {}
