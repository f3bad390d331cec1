/** Owns recording (signals, calculations, orders, errors; with a local safety net) and reading the history back. */
import { Module } from '@nestjs/common';
import { PeriodFiguresRepository } from './period-figures.repository';
import { SignalHistoryRepository } from './signal-history.repository';
import { SignalJournal } from './signal-journal.service';

@Module({
  providers: [SignalJournal, SignalHistoryRepository, PeriodFiguresRepository],
  exports: [SignalJournal, SignalHistoryRepository, PeriodFiguresRepository],
})
export class JournalModule {}
