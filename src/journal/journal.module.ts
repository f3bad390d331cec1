/**
 * Owns recording (signals, calculations, orders, errors; with a local safety
 * net; request tallies; retention of rejected records) and reading the history back.
 */
import { Module } from '@nestjs/common';
import { PeriodFiguresRepository } from './period-figures.repository';
import { RejectedRecordsPruner } from './rejected-records.pruner';
import { RequestTallyRecorder } from './request-tally.recorder';
import { SignalHistoryRepository } from './signal-history.repository';
import { ProtectionRepository } from './protection.repository';
import { SignalEvents } from './signal-events';
import { SignalJournal } from './signal-journal';
import { DatabaseModule } from '../database/database.module';

@Module({
  imports: [DatabaseModule],
  providers: [
    SignalEvents,
    SignalJournal,
    SignalHistoryRepository,
    PeriodFiguresRepository,
    ProtectionRepository,
    RequestTallyRecorder,
    RejectedRecordsPruner,
  ],
  exports: [
    SignalEvents,
    SignalJournal,
    SignalHistoryRepository,
    PeriodFiguresRepository,
    ProtectionRepository,
    RequestTallyRecorder,
    RejectedRecordsPruner,
  ],
})
export class JournalModule {}
