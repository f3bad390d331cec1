/**
 * Which webhook requests carry the secret of the route they were sent to, for the rate limiter (signed
 * alerts are never counted nor throttled): WEBHOOK_SECRET on today's routes, the bot's own secret on a
 * bot's URL (another bot's secret, or the default one, does not sign it). Answered from memory (the
 * bots' copy is reloaded at most once a second, for a secret it does not know yet), compared in
 * constant time.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { BotSecrets } from '../accounts/bot-secrets';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.module';
import type { SignedRequestCheck } from '../rate-limit/request-throttler.guard';
import { parseBody } from './signal-validation';
import { carriesSecret, secretFrom } from './webhook-access';

@Injectable()
export class SignedWebhookRequests implements SignedRequestCheck {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly botSecrets: BotSecrets,
  ) {}

  isSigned(req: Request): Promise<boolean> {
    const slug = botSlug(req);
    if (slug === undefined) return Promise.resolve(carriesSecret(req.body, req.query.token, this.config.webhookSecret));
    let parsed: Record<string, unknown> | undefined;
    try {
      parsed = parseBody(req.body);
    } catch {
      parsed = undefined;
    }
    return this.botSecrets.signs(slug, secretFrom(parsed, req.query.token));
  }

  throttledAdvice(req: Request): string {
    return botSlug(req) === undefined
      ? 'Put the webhook secret in the alert: signed alerts are not limited'
      : 'Put this bot\'s webhook_secret in the alert ("secret", or ?token= on the URL): alerts carrying it ' +
          'are not limited';
  }
}

/** The slug of a bot's URL (/api/bots/{slug}/webhook); undefined on today's routes. */
function botSlug(req: Request): string | undefined {
  const slug = (req.params as Record<string, unknown> | undefined)?.slug;
  return typeof slug === 'string' ? slug : undefined;
}
