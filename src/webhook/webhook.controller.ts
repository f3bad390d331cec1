/**
 * The TradingView webhook routes. Thin: hand the raw body to the pipeline
 * and answer with the status and body it decides.
 */
import { Body, Controller, HttpCode, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import {
  ApiBody,
  ApiConsumes,
  ApiExtraModels,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { RequestThrottlerGuard, SignedRequestsUnthrottled } from '../rate-limit/request-throttler.guard';
import {
  CloseResponseDto,
  ErrorResponseDto,
  PartialCloseResponseDto,
  SkippedOrDuplicateResponseDto,
  TargetResponseDto,
  TradeResponseDto,
} from './dto/webhook-responses.dto';
import type { Request, Response } from 'express';
import { WebhookSignalDto } from './dto/webhook-signal.dto';
import { SignalPipeline } from './signal-pipeline';
import { SignedWebhookRequests } from './signed-webhook-requests';
import { WEBHOOK_EXAMPLES } from './webhook-examples';
import { DirectRoute, WEBHOOK_ROUTES } from './webhook-routes';

const ADVANCED = WEBHOOK_ROUTES['advanced-trading'];
const STATE_AWARE = WEBHOOK_ROUTES['state-aware-ma-cross'];
const BOT = WEBHOOK_ROUTES.bot;

function documented(summary: string): MethodDecorator {
  return (target: object, key: string | symbol, descriptor: PropertyDescriptor) => {
    ApiOperation({ summary })(target, key, descriptor);
    ApiConsumes('application/json', 'text/plain')(target, key, descriptor);
    ApiQuery({ name: 'token', required: false, description: 'The webhook secret, when it is not in the body' })(
      target,
      key,
      descriptor,
    );
    ApiBody({ type: WebhookSignalDto, examples: WEBHOOK_EXAMPLES })(target, key, descriptor);
    ApiExtraModels(
      TradeResponseDto,
      CloseResponseDto,
      PartialCloseResponseDto,
      TargetResponseDto,
      SkippedOrDuplicateResponseDto,
    )(target, key, descriptor);
    ApiResponse({
      status: 200,
      description:
        'Executed: buy/sell (trade and calculation details), close (closed positions, cancelled orders), a partial ' +
        'exit (what was closed and what remains) or a target position (the orders sent); also skipped or duplicate ' +
        'signals, with a message',
      schema: {
        oneOf: [
          { $ref: getSchemaPath(TradeResponseDto) },
          { $ref: getSchemaPath(CloseResponseDto) },
          { $ref: getSchemaPath(PartialCloseResponseDto) },
          { $ref: getSchemaPath(TargetResponseDto) },
          { $ref: getSchemaPath(SkippedOrDuplicateResponseDto) },
        ],
      },
    })(target, key, descriptor);
    ApiResponse({
      status: 400,
      type: ErrorResponseDto,
      description: 'Body is not a JSON object, or the symbol is not a trading perpetual',
    })(target, key, descriptor);
    ApiResponse({ status: 401, type: ErrorResponseDto, description: 'The webhook secret is missing or wrong' })(
      target,
      key,
      descriptor,
    );
    ApiResponse({
      status: 403,
      type: ErrorResponseDto,
      description: 'The source address is not in WEBHOOK_IP_ALLOWLIST',
    })(target, key, descriptor);
    ApiResponse({
      status: 409,
      type: ErrorResponseDto,
      description:
        'The signal id was already used on this route with a different message ' +
        '(make ids unique: {{strategy.order.id}}-{{timenow}})',
    })(target, key, descriptor);
    ApiResponse({ status: 413, type: ErrorResponseDto, description: 'The body is over 64 KB' })(
      target,
      key,
      descriptor,
    );
    ApiResponse({
      status: 422,
      type: ErrorResponseDto,
      description:
        'A field is out of range, unknown but close to a known one, or not supported yet; ' +
        'or the exchange refused the order under its rules',
    })(target, key, descriptor);
    ApiResponse({
      status: 429,
      description:
        "Too many requests without the route's secret from this address (Retry-After); alerts carrying it " +
        "(WEBHOOK_SECRET on today's routes, the bot's own secret on its URL) are never limited",
    })(target, key, descriptor);
    ApiResponse({
      status: 502,
      type: ErrorResponseDto,
      description: 'The exchange answered with an error (credentials, unknown)',
    })(target, key, descriptor);
    ApiResponse({
      status: 503,
      type: ErrorResponseDto,
      description: 'The exchange cannot be reached or is rate limiting',
    })(target, key, descriptor);
  };
}

@ApiTags('webhooks')
@UseGuards(RequestThrottlerGuard)
@SkipThrottle({ admin: true })
@SignedRequestsUnthrottled(SignedWebhookRequests)
@Controller()
export class WebhookController {
  constructor(private readonly pipeline: SignalPipeline) {}

  @Post([...ADVANCED.paths])
  @HttpCode(200)
  @documented(ADVANCED.summary)
  advanced(@Body() body: unknown, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.dispatch('advanced-trading', body, req, res);
  }

  @Post([...STATE_AWARE.paths])
  @HttpCode(200)
  @documented(STATE_AWARE.summary)
  stateAware(@Body() body: unknown, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.dispatch('state-aware-ma-cross', body, req, res);
  }

  @Post([...BOT.paths])
  @HttpCode(200)
  @documented(BOT.summary)
  @ApiParam({ name: 'slug', description: "The bot's slug (GET /api/admin/bots shows each bot's webhook_path)" })
  @ApiResponse({ status: 207, description: 'Some accounts traded, some failed: each one is in executions[]' })
  @ApiResponse({
    status: 423,
    type: ErrorResponseDto,
    description: 'Halted (global or the bot): recorded, nothing sent',
  })
  async bot(
    @Param('slug') slug: string,
    @Body() body: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const answer = await this.pipeline.handleBotUrl(slug, { body, clientIp: req.ip, token: req.query.token });
    res.status(answer.httpStatus);
    return answer.body;
  }

  private async dispatch(route: DirectRoute, body: unknown, req: Request, res: Response) {
    const answer = await this.pipeline.handle(route, { body, clientIp: req.ip, token: req.query.token });
    res.status(answer.httpStatus);
    return answer.body;
  }
}
