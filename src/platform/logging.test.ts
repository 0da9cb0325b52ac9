import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logging.ts';

const BSN = '999993653';

/** The production logger, writing into memory. */
function capturedLogger() {
  const chunks: string[] = [];
  const logger = createLogger(
    'info',
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk.toString());
        callback();
      },
    }),
  );
  return { logger, text: () => chunks.join(''), lines: () => chunks.join('').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('production logger', () => {
  it('R23: a request is logged by method, route pattern and status only: no raw path, query string, headers or body', () => {
    const { logger, text, lines } = capturedLogger();
    logger.info({ req: { method: 'PUT', url: '/api/v1/cases/ZAAK-GEHEIM-42', routeOptions: { url: '/api/v1/cases/:reference' }, id: 'req-0' } }, 'incoming request');
    logger.info({ req: { method: 'GET', url: '/bestaat/niet/GEHEIM-PAD', id: 'req-9' } }, 'incoming request');
    expect(lines().map((line) => line.req)).toEqual([
      { method: 'PUT', route: '/api/v1/cases/:reference', id: 'req-0' },
      { method: 'GET', route: 'unmatched', id: 'req-9' },
    ]);
    expect(text()).not.toContain('GEHEIM');
  });

  it('R23: a request is logged by method, route pattern and status only: no query string, headers or body', () => {
    const { logger, text, lines } = capturedLogger();
    logger.info(
      {
        req: { method: 'GET', url: `/auth/callback?code=GEHEIME-CODE&bsn=${BSN}`, routeOptions: { url: '/auth/callback' }, id: 'req-1', headers: { cookie: '__Host-bp_session=GEHEIME-SESSIE' }, body: { bsn: BSN } },
        res: { statusCode: 302, headers: { 'set-cookie': '__Host-bp_session=GEHEIME-SESSIE' } },
      },
      'request completed',
    );
    expect(lines()).toEqual([expect.objectContaining({ service: 'burgerportaal', req: { method: 'GET', route: '/auth/callback', id: 'req-1' }, res: { statusCode: 302 }, msg: 'request completed' })]);
    for (const secret of [BSN, 'GEHEIME-CODE', 'GEHEIME-SESSIE']) expect(text()).not.toContain(secret);
  });

  it('R23: BSN, e-mail and password fields are redacted, at the top level and one level down', () => {
    const { logger, text, lines } = capturedLogger();
    logger.warn({ bsn: BSN, email: 'johanna@example.nl', citizen: { bsn: BSN, email: 'johanna@example.nl', password: 'GEHEIM-WACHTWOORD' } }, 'something about a citizen');
    expect(lines()).toEqual([
      expect.objectContaining({ bsn: '[redacted]', email: '[redacted]', citizen: { bsn: '[redacted]', email: '[redacted]', password: '[redacted]' } }),
    ]);
    for (const secret of [BSN, 'johanna@example.nl', 'GEHEIM-WACHTWOORD']) expect(text()).not.toContain(secret);
  });
});
