import pino from 'pino';
import { PassThrough } from 'node:stream';
import { prettyLogStream, stdoutLogFormat } from './stdout-log-stream';

describe('stdout log format', () => {
  it.each([
    ['auto', true, 'pretty'],
    ['auto', false, 'json'],
    ['pretty', false, 'pretty'],
    ['json', true, 'json'],
    ['off', true, 'off'],
    ['off', false, 'off'],
  ] as const)('LOG_STDOUT=%s with a terminal=%s prints %s', (setting, tty, format) => {
    expect(stdoutLogFormat(setting, tty)).toBe(format);
  });

  it('renders JSON log lines as one human-readable line each, with the Nest context', async () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const logger = pino({ base: { pid: 1, hostname: 'h', service: 'tvbridge' } }, prettyLogStream(out, false));
    logger.info({ context: 'Exchange' }, 'exchange ready: paper');
    logger.warn({ symbol: 'BTCUSDT' }, 'order refused');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: \[Exchange\] exchange ready: paper$/);
    expect(lines[1]).toMatch(/WARN: order refused \{"symbol":"BTCUSDT"\}$/);
    expect(text).not.toContain('"level"');
    expect(text).not.toContain('hostname');
  });

  it('prints control characters of a message as escapes: a request cannot forge a line of its own', async () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const logger = pino({ base: { pid: 1, hostname: 'h', service: 'tvbridge' } }, prettyLogStream(out, false));
    const forged = 'zz\n[03:00:00.000] INFO: (Signals): signal executed\r\u001b[2K';
    logger.warn({ context: 'Signals\nX', path: forged }, `refused /api/bots/${forged}/webhook`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(
      '[Signals\\nX] refused /api/bots/zz\\n[03:00:00.000] INFO: (Signals): signal executed\\r\\u001b',
    );
    expect(text).not.toContain('\r');
    expect(text).not.toContain(String.fromCharCode(0x1b));
  });
});
