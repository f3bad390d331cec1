/** A receiver of the signed webhook that verifies each request as docs/notifications.md tells receivers to. */
import { verifyWebhookSignature } from '../../src/notifications/channels/webhook-signature';
import { Answer, FakeChannelServer, ReceivedRequest } from './fake-channel-server';

export class FakeWebhookReceiver extends FakeChannelServer {
  constructor(readonly secret: string) {
    super();
  }

  get events(): Array<{ id: string; type: string; text: string; data: Record<string, unknown> }> {
    return this.accepted.map((r) => r.body as never);
  }

  protected rateLimited(retryAfterS: number): Answer {
    return { status: 429, headers: { 'retry-after': String(retryAfterS) }, body: { error: 'slow down' } };
  }

  protected serverError(status: number): Answer {
    return { status, body: { error: 'unavailable' } };
  }

  protected accept(request: ReceivedRequest): Answer {
    const signature = request.headers['x-tvbridge-signature'];
    const timestamp = request.headers['x-tvbridge-timestamp'];
    const ok = verifyWebhookSignature(
      this.secret,
      { signature: String(signature), timestamp: String(timestamp) },
      request.rawBody,
    );
    return ok ? { status: 204 } : { status: 401, body: { error: 'bad signature' } };
  }
}
