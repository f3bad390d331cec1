/** SignalHeader / SignalOutcome → Prisma row data (pure). */
import { Prisma } from '../generated/prisma/client';
import { CalculationRecord, ProtectiveOrderRecord, SignalHeader, SignalOutcome } from './signal-record';
import { OrderAttempt } from '../trading/orders/order-attempt';

const dec = (value: { toString(): string } | undefined | null) =>
  value === undefined || value === null ? undefined : new Prisma.Decimal(value.toString());

export function signalRow(header: SignalHeader, outcome?: SignalOutcome): Prisma.SignalUncheckedCreateInput {
  return {
    id: header.id,
    route: header.route,
    clientIp: header.clientIp,
    payload: header.payload ?? {},
    action: header.action,
    rawSymbol: header.rawSymbol,
    symbol: header.symbol,
    balancePercentage: dec(header.balancePercentage),
    leverage: header.leverage,
    entryPrice: dec(header.entryPrice),
    marginType: header.marginType,
    targetPosition: header.targetPosition,
    targetQuantity: dec(header.targetQuantity),
    prevMarketPosition: header.prevMarketPosition,
    closePercentage: dec(header.closePercentage),
    closeQuantity: dec(header.closeQuantity),
    protectionRequest: header.protectionRequest as Prisma.InputJsonValue | undefined,
    externalId: header.externalId,
    replayOfId: header.replayOfId,
    duplicateOfId: header.duplicateOfId,
    ignoredFields: header.ignoredFields ?? [],
    bodyHash: header.bodyHash,
    exchangeMode: header.exchangeMode,
    exchangeHost: header.exchangeHost ?? undefined,
    authenticated: header.authenticated,
    botId: header.botId,
    accountId: header.accountId,
    parentId: header.parentId,
    receivedAt: header.receivedAt,
    status: outcome?.status ?? 'PROCESSING',
    ...(outcome ? outcomeFields(header, outcome) : {}),
  };
}

function outcomeFields(header: SignalHeader, outcome: SignalOutcome): Partial<Prisma.SignalUncheckedCreateInput> {
  return {
    httpStatus: outcome.httpStatus,
    errorCode: outcome.errorCode,
    errorMessage: outcome.errorMessage,
    suggestions: outcome.suggestions ?? [],
    note: outcome.note,
    answeredAt: outcome.answeredAt,
    latencyMs: Math.max(0, outcome.answeredAt.getTime() - header.receivedAt.getTime()),
    exchangeMs: outcome.exchangeMs,
    ...(outcome.cancelledOrders?.length
      ? { cancelledOrders: outcome.cancelledOrders as unknown as Prisma.InputJsonValue }
      : {}),
  };
}

export function calculationRow(signalId: string, c: CalculationRecord): Prisma.CalculationUncheckedCreateInput {
  return {
    signalId,
    balance: dec(c.balance)!,
    balanceSource: c.balanceSource,
    balancePercentage: dec(c.balancePercentage),
    sizingMode: c.sizingMode,
    sizingValue: dec(c.sizingValue),
    stopPrice: dec(c.stopPrice),
    riskCapped: !!c.riskCapped,
    leverage: c.leverage,
    price: dec(c.price)!,
    priceSource: c.priceSource,
    positionValue: dec(c.positionValue)!,
    rawQuantity: dec(c.rawQuantity.toDecimalPlaces(18))!,
    quantity: dec(c.quantity)!,
    notional: dec(c.notional)!,
    stepSize: dec(c.stepSize)!,
    minQty: dec(c.minQty)!,
    maxQty: dec(c.maxQty)!,
    minNotional: dec(c.minNotional)!,
    capped: c.capped,
    availableBalance: dec(c.availableBalance),
    takerFeeRate: dec(c.takerFeeRate),
    openingFee: dec(c.openingFee?.toDecimalPlaces(18)),
    feeCapped: c.feeCapped,
    maxNotional: dec(c.maxNotional),
    cappedBy: c.cappedBy ?? null,
  };
}

const ORDER_STATUSES = ['NEW', 'PARTIALLY_FILLED', 'FILLED', 'CANCELED', 'EXPIRED', 'REJECTED'] as const;

export function orderRow(signalId: string, attempt: OrderAttempt): Prisma.ExchangeOrderUncheckedCreateInput {
  const { request, result, error } = attempt;
  const exchangeStatus = result?.status;
  const status = result
    ? (ORDER_STATUSES as readonly string[]).includes(exchangeStatus ?? '')
      ? (exchangeStatus as (typeof ORDER_STATUSES)[number])
      : 'UNKNOWN'
    : error?.outcomeUnknown && !attempt.notExecuted
      ? 'UNKNOWN'
      : 'FAILED';
  return {
    signalId,
    clientOrderId: request.clientOrderId,
    exchangeOrderId: result?.orderId,
    symbol: request.symbol,
    purpose: attempt.purpose,
    side: request.side,
    positionSide: request.positionSide,
    type: request.type,
    quantity: dec(request.quantity)!,
    reduceOnly: !!request.reduceOnly,
    status,
    avgPrice: dec(result?.avgPrice),
    executedQty: dec(result?.executedQty),
    cumQuote: dec(result?.cumQuote),
    errorCode: error?.code,
    errorMessage: error?.message,
    request: {
      ...request,
      quantity: request.quantity.toString(),
      price: request.price?.toString(),
    },
    response:
      result?.raw ??
      (error
        ? { code: error.code, msg: error.exchangeMessage, httpStatus: error.httpStatus, kind: error.kind }
        : undefined),
    sentAt: attempt.sentAt,
    answeredAt: attempt.answeredAt,
    note: attempt.note,
  };
}

export function protectiveOrderRow(
  signalId: string,
  p: ProtectiveOrderRecord,
): Prisma.ProtectiveOrderUncheckedCreateInput {
  const { request, result, error } = p;
  return {
    signalId,
    symbol: request.symbol,
    positionSide: request.positionSide,
    side: request.side,
    kind: p.kind,
    level: p.level,
    type: request.type,
    clientAlgoId: request.clientAlgoId,
    algoId: result?.algoId,
    triggerPrice: dec(request.triggerPrice),
    askedPrice: dec(p.askedPrice?.toDecimalPlaces(18)),
    quantity: dec(request.quantity),
    closePosition: !!request.closePosition,
    sizePercent: dec(p.sizePercent),
    callbackRate: dec(request.callbackRate),
    activationPrice: dec(request.activatePrice),
    workingType: request.workingType ?? 'CONTRACT_PRICE',
    breakEven: !!p.breakEven,
    entryPrice: dec(p.entryPrice),
    replacesId: p.replacesId,
    status: p.status,
    errorCode: error?.code,
    errorMessage: error?.message,
    note: p.note,
    request: conditionalRequestJson(request) as Prisma.InputJsonValue,
    response: result?.raw ?? (error ? { code: error.code, msg: error.exchangeMessage, kind: error.kind } : undefined),
    placedAt: p.placedAt,
  };
}

/** A conditional order request with its decimals as text, for the record. */
export function conditionalRequestJson(request: ProtectiveOrderRecord['request']): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(request)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]: [string, unknown]) => [
        k,
        typeof v === 'object' && v !== null ? (v as { toString(): string }).toString() : v,
      ]),
  );
}
