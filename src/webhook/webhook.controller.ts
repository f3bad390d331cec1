/**
 * The TradingView webhook routes. Thin: hand the raw body to the pipeline
 * and answer with the status and body it decides.
 */
import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { WebhookSignalDto } from './dto/webhook-signal.dto';
import { SignalPipeline, WebhookRoute } from './signal-pipeline.service';
import { WEBHOOK_EXAMPLES } from './webhook-examples';

export const ADVANCED_PATHS = ['binance/advanced-trading-webhook', 'tradingview/binance/advanced-trading-webhook'];
export const STATE_AWARE_PATHS = ['binance/state-aware-ma-cross-webhook', 'tradingview/binance/state-aware-ma-cross-webhook'];

function documented(summary: string): MethodDecorator {
  return (target, key, descriptor) => {
    ApiOperation({ summary })(target, key, descriptor);
    ApiConsumes('application/json', 'text/plain')(target, key, descriptor);
    ApiBody({ type: WebhookSignalDto, examples: WEBHOOK_EXAMPLES })(target, key, descriptor);
    ApiResponse({ status: 200, description: 'Executed (or skipped): the trade, the calculation details and the recorded signal id' })(target, key, descriptor);
    ApiResponse({ status: 400, description: 'Body is not a JSON object, or the symbol is not a trading perpetual (seed error shape)' })(target, key, descriptor);
    ApiResponse({ status: 422, description: 'A field is out of range, or the exchange refused the order under its rules' })(target, key, descriptor);
    ApiResponse({ status: 502, description: 'The exchange answered with an error (credentials, unknown)' })(target, key, descriptor);
    ApiResponse({ status: 503, description: 'The exchange cannot be reached or is rate limiting' })(target, key, descriptor);
  };
}

@ApiTags('webhooks')
@Controller()
export class WebhookController {
  constructor(private readonly pipeline: SignalPipeline) {}

  @Post(ADVANCED_PATHS)
  @HttpCode(200)
  @documented('Advanced trading webhook: buy, sell or close with automatic position sizing')
  advanced(@Body() body: unknown, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.dispatch('advanced-trading', body, req, res);
  }

  @Post(STATE_AWARE_PATHS)
  @HttpCode(200)
  @documented('State-aware MA cross webhook: like the advanced webhook, but places no order when already in the asked state')
  stateAware(@Body() body: unknown, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.dispatch('state-aware-ma-cross', body, req, res);
  }

  private async dispatch(route: WebhookRoute, body: unknown, req: Request, res: Response) {
    const answer = await this.pipeline.handle(route, { body, clientIp: req.ip, token: req.query.token });
    res.status(answer.httpStatus);
    return answer.body;
  }
}
