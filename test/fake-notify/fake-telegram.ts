/**
 * Telegram's Bot API sendMessage, as strict as Telegram on what tvbridge
 * sends: the bot token in the path, a chat id, a text of 1–4096 characters,
 * parse_mode HTML with well-formed tags. Errors in Telegram's shape
 * ({ok:false, error_code, description, parameters.retry_after}).
 * https://core.telegram.org/bots/api#making-requests, #sendmessage, #responseparameters
 */
import { Answer, FakeChannelServer, ReceivedRequest } from './fake-channel-server';

const ALLOWED_TAGS = new Set([
  'b',
  'strong',
  'i',
  'em',
  'u',
  'ins',
  's',
  'strike',
  'del',
  'code',
  'pre',
  'a',
  'tg-spoiler',
  'blockquote',
  'span',
]);

/** Telegram refuses unknown tags and unbalanced markup: "Bad Request: can't parse entities". */
function wellFormedHtml(text: string): boolean {
  const stack: string[] = [];
  for (const match of text.matchAll(/<(\/?)([a-z-]+)[^>]*>/g)) {
    const [, closing, tag] = match;
    if (!ALLOWED_TAGS.has(tag)) return false;
    if (!closing) stack.push(tag);
    else if (stack.pop() !== tag) return false;
  }
  return stack.length === 0 && !/<(?![a-z/])/.test(text);
}

export class FakeTelegram extends FakeChannelServer {
  private nextId = 1;

  constructor(
    readonly botToken: string,
    readonly chatId: string,
  ) {
    super();
  }

  /** The texts of the messages delivered. */
  get texts(): string[] {
    return this.accepted.map((r) => String(r.body.text));
  }

  protected rateLimited(retryAfterS: number): Answer {
    return {
      status: 429,
      body: {
        ok: false,
        error_code: 429,
        description: `Too Many Requests: retry after ${retryAfterS}`,
        parameters: { retry_after: retryAfterS },
      },
    };
  }

  protected serverError(status: number): Answer {
    return { status, body: { ok: false, error_code: status, description: 'Bad Gateway' } };
  }

  protected accept(request: ReceivedRequest): Answer {
    if (request.path !== `/bot${this.botToken}/sendMessage`)
      return { status: 404, body: { ok: false, error_code: 404, description: 'Not Found' } };
    const { chat_id, text, parse_mode } = request.body;
    if (String(chat_id) !== this.chatId)
      return { status: 400, body: { ok: false, error_code: 400, description: 'Bad Request: chat not found' } };
    if (typeof text !== 'string' || text.length === 0 || text.length > 4096)
      return { status: 400, body: { ok: false, error_code: 400, description: 'Bad Request: message text is empty' } };
    if (parse_mode === 'HTML' && !wellFormedHtml(text))
      return { status: 400, body: { ok: false, error_code: 400, description: "Bad Request: can't parse entities" } };
    return {
      status: 200,
      body: {
        ok: true,
        result: { message_id: this.nextId++, chat: { id: chat_id }, date: Math.floor(Date.now() / 1000), text },
      },
    };
  }
}
