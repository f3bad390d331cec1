/** Replays a failed or rejected signal through the same pipeline, linked to the original. */
import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { SignalHistoryRepository } from '../journal/signal-history.repository';
import { SignalPipeline, WebhookRoute } from '../webhook/signal-pipeline.service';

const REPLAYABLE = ['FAILED', 'REJECTED'];

@Injectable()
export class ReplayService {
  constructor(
    private readonly history: SignalHistoryRepository,
    private readonly pipeline: SignalPipeline,
  ) {}

  async replay(id: string) {
    const original = await this.history.signal(id);
    if (!original) throw new NotFoundException(`No signal with id ${id}`);
    if (!REPLAYABLE.includes(original.status)) {
      throw new ConflictException(`Only failed or rejected signals can be replayed; signal ${id} is ${original.status.toLowerCase()}`);
    }
    const payload = original.payload as Record<string, unknown>;
    const body = 'raw' in payload && Object.keys(payload).length === 1 ? payload.raw : payload;
    const answer = await this.pipeline.handle(original.route as WebhookRoute, { body, clientIp: 'admin-replay', replayOfId: id });
    return { replay_of: id, http_status: answer.httpStatus, result: answer.body };
  }
}
