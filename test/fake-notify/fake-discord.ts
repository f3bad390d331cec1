/**
 * A Discord webhook (POST /api/webhooks/<id>/<token>?wait=true), with its
 * rate-limit headers and its 429 body ({message, retry_after, global}), and
 * its own checks: at least one embed or content, at most 10 embeds, title ≤ 256.
 * https://discord.com/developers/docs/resources/webhook#execute-webhook, /topics/rate-limits
 */
import { Answer, FakeChannelServer, ReceivedRequest } from './fake-channel-server';

export class FakeDiscord extends FakeChannelServer {
  private nextId = 1;
  /** Requests left in the current bucket: at 0 the success answer says so (X-RateLimit-Remaining: 0). */
  bucketRemaining = 5;
  resetAfterS = 1;

  constructor(
    readonly webhookId = '112233445566778899',
    readonly token = 'fake-discord-webhook-token-abcdefghijklmnop',
  ) {
    super();
  }

  get webhookUrl(): string {
    return `${this.url}/api/webhooks/${this.webhookId}/${this.token}`;
  }

  get embeds(): Array<{ title: string; fields?: Array<{ name: string; value: string }>; description?: string }> {
    return this.accepted.flatMap((r) => r.body.embeds as Array<{ title: string }>);
  }

  protected rateLimited(retryAfterS: number): Answer {
    return {
      status: 429,
      headers: {
        'retry-after': String(Math.ceil(retryAfterS)),
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset-after': String(retryAfterS),
      },
      body: { message: 'You are being rate limited.', retry_after: retryAfterS, global: false },
    };
  }

  protected serverError(status: number): Answer {
    return { status, body: { message: '502: Bad Gateway', code: 0 } };
  }

  protected accept(request: ReceivedRequest): Answer {
    const [path] = request.path.split('?');
    if (path !== `/api/webhooks/${this.webhookId}/${this.token}`)
      return { status: 401, body: { message: 'Invalid Webhook Token', code: 50027 } };
    const embeds = request.body.embeds as Array<{ title?: string }> | undefined;
    if (!request.body.content && (!Array.isArray(embeds) || embeds.length === 0))
      return { status: 400, body: { message: 'Cannot send an empty message', code: 50006 } };
    if (embeds && (embeds.length > 10 || embeds.some((e) => (e.title ?? '').length > 256)))
      return { status: 400, body: { message: 'Invalid Form Body', code: 50035 } };
    this.bucketRemaining = Math.max(0, this.bucketRemaining - 1);
    const headers = {
      'x-ratelimit-limit': '5',
      'x-ratelimit-remaining': String(this.bucketRemaining),
      'x-ratelimit-reset-after': String(this.resetAfterS),
    };
    if (this.bucketRemaining === 0) this.bucketRemaining = 5;
    const wait = request.path.includes('wait=true');
    return wait ? { status: 200, headers, body: { id: String(this.nextId++), embeds } } : { status: 204, headers };
  }
}
