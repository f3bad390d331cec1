import Decimal from 'decimal.js';
import { parseStreamMessage } from './stream-payload-parser';

const one = (payload: unknown) => {
  const events = parseStreamMessage(JSON.stringify(payload));
  expect(events).toHaveLength(1);
  return events[0];
};

describe('parseStreamMessage', () => {
  it("reads ORDER_TRADE_UPDATE as Binance's documentation shows it", () => {
    const event = one({
      e: 'ORDER_TRADE_UPDATE',
      E: 1568879465651,
      T: 1568879465650,
      o: {
        s: 'BTCUSDT',
        c: 'TEST',
        S: 'SELL',
        o: 'TRAILING_STOP_MARKET',
        f: 'GTC',
        q: '0.001',
        p: '0',
        ap: '0',
        sp: '7103.04',
        x: 'NEW',
        X: 'NEW',
        i: 8886774,
        l: '0',
        z: '0',
        L: '0',
        N: 'USDT',
        n: '0',
        T: 1568879465650,
        t: 0,
        b: '0',
        a: '9.91',
        m: false,
        R: false,
        wt: 'CONTRACT_PRICE',
        ot: 'TRAILING_STOP_MARKET',
        ps: 'LONG',
        cp: false,
        AP: '7476.89',
        cr: '5.0',
        pP: false,
        si: 0,
        ss: 0,
        rp: '0',
        V: 'EXPIRE_TAKER',
        pm: 'OPPONENT',
        gtd: 0,
      },
    });
    expect(event).toMatchObject({
      type: 'order',
      eventTime: 1568879465651,
      transactionTime: 1568879465650,
      clientOrderId: 'TEST',
      orderId: '8886774',
      orderType: 'TRAILING_STOP_MARKET',
      positionSide: 'LONG',
      executionType: 'NEW',
      tradeId: '0',
      commissionAsset: 'USDT',
    });
    expect(event.type === 'order' && event.quantity.eq('0.001')).toBe(true);
  });

  it('reads ACCOUNT_UPDATE balances and positions, margin type in either spelling', () => {
    const event = one({
      e: 'ACCOUNT_UPDATE',
      E: 1564745798939,
      T: 1564745798938,
      a: {
        m: 'ORDER',
        B: [{ a: 'USDT', wb: '122624.12345678', cw: '100.12345678', bc: '50.12345678' }],
        P: [
          {
            s: 'BTCUSDT',
            pa: '0',
            ep: '0.00000',
            bep: '0',
            cr: '200',
            up: '0',
            mt: 'isolated',
            iw: '0.00000000',
            ps: 'BOTH',
          },
          {
            s: 'BTCUSDT',
            pa: '-20',
            ep: '6563.6',
            bep: '0',
            cr: '0',
            up: '2850.21200',
            mt: 'cross',
            iw: '0',
            ps: 'SHORT',
          },
        ],
      },
    });
    expect(event).toMatchObject({ type: 'account', reason: 'ORDER' });
    if (event.type !== 'account') throw new Error('not an account update');
    expect(event.balances[0].walletBalance).toEqual(new Decimal('122624.12345678'));
    expect(event.positions.map((p) => [p.positionSide, p.marginType, p.amount.toString()])).toEqual([
      ['BOTH', 'ISOLATED', '0'],
      ['SHORT', 'CROSSED', '-20'],
    ]);
  });

  it('reads ALGO_UPDATE, keeping an algo id beyond 2^53 digit for digit', () => {
    const text =
      '{"e":"ALGO_UPDATE","T":1750515742297,"E":1750515742303,"o":{"caid":"Q5xaq5EGKgXXa0fD7fs0Ip",' +
      '"aid":90071992547409931,"at":"CONDITIONAL","o":"TAKE_PROFIT","s":"BNBUSDT","S":"SELL","ps":"BOTH",' +
      '"f":"GTC","q":"0.01","X":"CANCELED","ai":"","ap":"0.00000","aq":"0.00000","act":"0","tp":"750",' +
      '"p":"750","V":"EXPIRE_MAKER","wt":"CONTRACT_PRICE","pm":"NONE","cp":false,"pP":false,"R":false,' +
      '"tt":0,"gtd":0,"rm":"Reduce Only reject"}}';
    const [event] = parseStreamMessage(text);
    expect(event).toMatchObject({
      type: 'algo',
      algoId: '90071992547409931',
      clientAlgoId: 'Q5xaq5EGKgXXa0fD7fs0Ip',
      status: 'CANCELED',
      rejectReason: 'Reduce Only reject',
      actualOrderId: '',
    });
  });

  it('reads ACCOUNT_CONFIG_UPDATE (leverage or Multi-Assets), MARGIN_CALL and listenKeyExpired', () => {
    expect(one({ e: 'ACCOUNT_CONFIG_UPDATE', E: 1, T: 2, ac: { s: 'BTCUSDT', l: 25 } })).toEqual({
      type: 'config',
      eventTime: 1,
      transactionTime: 2,
      symbol: 'BTCUSDT',
      leverage: 25,
    });
    expect(one({ e: 'ACCOUNT_CONFIG_UPDATE', E: 1, T: 2, ai: { j: true } })).toMatchObject({ multiAssets: true });
    const call = one({
      e: 'MARGIN_CALL',
      E: 1587727187525,
      cw: '3.16812045',
      p: [
        {
          s: 'ETHUSDT',
          ps: 'LONG',
          pa: '1.327',
          mt: 'CROSSED',
          iw: '0',
          mp: '187.17127',
          up: '-1.166074',
          mm: '1.614445',
        },
      ],
    });
    expect(call).toMatchObject({
      type: 'marginCall',
      positions: [{ symbol: 'ETHUSDT', maintenanceMargin: new Decimal('1.614445') }],
    });
    expect(one({ e: 'listenKeyExpired', E: '1736996475556', listenKey: 'abc' })).toEqual({
      type: 'listenKeyExpired',
      eventTime: 1736996475556,
    });
  });

  it('reads mark prices raw, in a combined envelope, and as an all-symbols array', () => {
    const update = {
      e: 'markPriceUpdate',
      E: 1562305380000,
      s: 'BTCUSDT',
      p: '11794.15000000',
      i: '11784.62659091',
      P: '11784.25641265',
      r: '0.00038167',
      T: 1562306400000,
    };
    const expected = {
      type: 'markPrice',
      symbol: 'BTCUSDT',
      markPrice: new Decimal('11794.15'),
      fundingRate: new Decimal('0.00038167'),
    };
    expect(one(update)).toMatchObject(expected);
    expect(one({ stream: 'btcusdt@markPrice', data: update })).toMatchObject(expected);
    expect(parseStreamMessage(JSON.stringify([update, { ...update, s: 'ETHUSDT' }]))).toHaveLength(2);
  });

  it('ignores events it does not know and subscription answers', () => {
    expect(parseStreamMessage('{"e":"TRADE_LITE","E":1}')).toEqual([]);
    expect(parseStreamMessage('{"result":null,"id":1}')).toEqual([]);
  });
});
