/**
 * Replays a failed or rejected signal through the same pipeline, linked to the
 * original. Only signals that passed the source and secret checks can ever be
 * replayed (the replay skips both, so anything else would let an admin click
 * execute a stranger's alert). One execution per original: a replay is
 * claimed in the database before it runs, and refused (409, naming the
 * replay) while another runs or once one went through.
 */
import { ConflictException, Injectable, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { SignalHistoryRepository } from '../journal/signal-history.repository';
import { SignalJournal } from '../journal/signal-journal';
import { SignalHeader } from '../journal/signal-record';
import { newSignalId } from '../trading/client-order-id';
import { SignalPipeline } from '../webhook/signal-pipeline';
import { recordedRoute } from '../webhook/webhook-routes';

const REPLAYABLE = ['FAILED', 'REJECTED'];

@Injectable()
export class ReplayService {
  constructor(
    private readonly history: SignalHistoryRepository,
    private readonly journal: SignalJournal,
    private readonly pipeline: SignalPipeline,
  ) {}

  async replay(id: string) {
    const asked = await this.history.signal(id);
    if (!asked) throw new NotFoundException(`No signal with id ${id}`);
    if (!REPLAYABLE.includes(asked.status)) {
      const status = asked.status.toLowerCase();
      throw new ConflictException(`Only failed or rejected signals can be replayed; signal ${id} is ${status}`);
    }
    if (!asked.authenticated) {
      throw new ConflictException(`Signal ${id} did not pass the secret and source checks: it can never be replayed`);
    }
    // A bot alert traded several accounts: replaying it could trade twice on those that went through.
    if (asked.parentId || recordedRoute(asked.route)?.route === 'bot') {
      throw new ConflictException(
        `Signal ${id} is a bot alert (or one account's execution of it): replay is not offered for bot alerts ` +
          '(the accounts that traded would trade again); send the alert again, or trade the account by hand',
      );
    }
    // Replaying a replay replays its original: one execution per original, however it is asked for.
    const original = asked.replayOfId ? ((await this.history.signal(asked.replayOfId)) ?? asked) : asked;
    const recorded = recordedRoute(original.route);
    if (!recorded || recorded.route === 'bot') {
      throw new ConflictException(
        `Signal ${original.id} came in on "${original.route}", which is not one of the webhook routes: ` +
          'it cannot be replayed',
      );
    }
    const receivedAt = new Date();
    const header: SignalHeader = {
      id: newSignalId(receivedAt.getTime()),
      route: original.route,
      clientIp: 'admin-replay',
      payload: original.payload,
      receivedAt,
      replayOfId: original.id,
      authenticated: true,
      symbol: original.symbol ?? undefined,
    };
    // No claim, no replay: without the database a second replay could not be refused.
    const { blockedBy } = await this.journal.claimReplay(original.id, header).catch(() => {
      throw new ServiceUnavailableException(
        'The database is unreachable: a replay must be claimed in it first; retry when /api/health is ok',
      );
    });
    if (blockedBy) {
      const running = blockedBy.status === 'PROCESSING' || blockedBy.status === 'RECEIVED';
      const state = running ? 'is running' : `went through (${blockedBy.status.toLowerCase()})`;
      throw new ConflictException({
        statusCode: 409,
        error: 'Conflict',
        message: `Signal ${original.id} is already replayed: replay ${blockedBy.id} ${state}`,
        replay_id: blockedBy.id,
      });
    }
    const payload = original.payload as Record<string, unknown>;
    const body = 'raw' in payload && Object.keys(payload).length === 1 ? payload.raw : payload;
    const answer = await this.pipeline.handle(recorded.route, {
      body,
      clientIp: 'admin-replay',
      replayOfId: original.id,
      id: header.id,
    });
    return { replay_of: original.id, http_status: answer.httpStatus, result: answer.body };
  }
}
