/**
 * Reads a symbol's positions, position mode and open orders (the regular and the conditional ones)
 * in as few round trips as possible. Trading decides what to do with them.
 */
import { Inject, Injectable } from '@nestjs/common';
import {
  ConditionalOrder,
  EXCHANGE,
  ExchangePort,
  OpenOrder,
  PositionMode,
  SymbolPositions,
} from '../exchange/exchange.port';
import { PositionModeCache } from './position-mode.cache';

export interface SymbolState {
  positions: SymbolPositions;
  mode: PositionMode;
  /** Present when read together with the positions (close flow). */
  openOrders?: OpenOrder[];
  /** Stop / take-profit / trailing orders in the Algo Order service, which openOrders does not list. */
  conditionalOrders?: ConditionalOrder[];
}

@Injectable()
export class PositionsService {
  constructor(
    @Inject(EXCHANGE) private readonly exchange: ExchangePort,
    private readonly modes: PositionModeCache,
  ) {}

  async read(symbol: string): Promise<SymbolState> {
    const [positions, cachedMode] = await Promise.all([this.exchange.positions(symbol), this.modes.get()]);
    // Position risk itself tells the mode; the cache only covers an empty answer.
    if (positions.mode && positions.mode !== cachedMode) this.modes.remember(positions.mode);
    return { positions, mode: positions.mode ?? cachedMode };
  }

  /** Positions, mode, open orders and open conditional orders in one parallel read (one round trip). */
  async readWithOrders(symbol: string): Promise<SymbolState> {
    const [state, openOrders, conditionalOrders] = await Promise.all([
      this.read(symbol),
      this.exchange.openOrders(symbol),
      this.exchange.openConditionalOrders(symbol),
    ]);
    return { ...state, openOrders, conditionalOrders };
  }
}
