/** Owns recording (signals, calculations, orders, errors; with a local safety net) and reading the history back. */
import { Module } from '@nestjs/common';
import { PeriodFiguresRepository } from './period-figures.repository';
import { SignalHistoryRepository } from './signal-history.repository';
import { ProtectionRepository } from './protection.repository';
import { SignalJournal } from './signal-journal.service';

@Module({
  providers: [SignalJournal, SignalHistoryRepository, PeriodFiguresRepository, ProtectionRepository],
  exports: [SignalJournal, SignalHistoryRepository, PeriodFiguresRepository, ProtectionRepository],
})
export class JournalModule {}
