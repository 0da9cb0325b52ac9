import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_RESPONSE_BYTES, ZgwClient, ZgwError } from './zgw-client.ts';

let server: http.Server;
let elsewhere: http.Server;
let base = '';
const tokensSeenElsewhere: string[] = [];

async function listen(handler: http.RequestListener): Promise<[http.Server, string]> {
  const created = http.createServer(handler);
  await new Promise<void>((resolve) => created.listen(0, '127.0.0.1', resolve));
  return [created, `http://127.0.0.1:${(created.address() as AddressInfo).port}`];
}

beforeAll(async () => {
  let elsewhereUrl: string;
  [elsewhere, elsewhereUrl] = await listen((request, response) => {
    tokensSeenElsewhere.push(request.headers.authorization ?? '');
    response.setHeader('content-type', 'application/json').end('{"leaked":true}');
  });
  [server, base] = await listen((request, response) => {
    if (request.url === '/zaken/api/v1/redirect') {
      response.writeHead(302, { location: `${elsewhereUrl}/steal` }).end();
    } else if (request.url === '/zaken/api/v1/huge') {
      // Streamed without a length: the client must stop reading past its cap.
      response.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      let sent = 0;
      const pump = () => {
        while (sent <= MAX_RESPONSE_BYTES * 4) {
          sent += chunk.length;
          if (!response.write(chunk)) return void response.once('drain', pump);
        }
        response.end();
      };
      response.on('error', () => undefined);
      pump();
    } else if (request.url === '/zaken/api/v1/declared-huge') {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(MAX_RESPONSE_BYTES * 10) });
      response.write('{');
      response.on('error', () => undefined);
    } else {
      response.setHeader('content-type', 'application/json').end('{"ok":true}');
    }
  });
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await new Promise((resolve) => elsewhere?.close(resolve));
});

function client(): ZgwClient {
  const zakenUrl = `${base}/zaken/api/v1`;
  return new ZgwClient({ id: 'test', oin: '00000001002220647000', zakenUrl, catalogiUrl: `${base}/catalogi/api/v1`, notificatiesUrl: `${base}/notificaties/api/v1`, clientId: 'burgerportaal', secret: 'zgw-test-secret-van-voldoende-lengte', dossierUrlTemplate: 'https://example.nl/{identificatie}' }, 3000);
}

describe('ZGW client limits', () => {
  it('R11: an ordinary answer is read', async () => {
    expect(await client().get(`${base}/zaken/api/v1/zaken/1`, 'zaken')).toEqual({ ok: true });
  });

  it('R11: a redirect is refused and the token never reaches the other server', async () => {
    await expect(client().get(`${base}/zaken/api/v1/redirect`, 'zaken')).rejects.toMatchObject({ status: 302 });
    await expect(client().get(`${base}/zaken/api/v1/redirect`, 'zaken')).rejects.toBeInstanceOf(ZgwError);
    expect(tokensSeenElsewhere).toEqual([]);
  });

  it('R11: an answer larger than 1 MiB is refused, streamed or declared', async () => {
    await expect(client().get(`${base}/zaken/api/v1/huge`, 'zaken')).rejects.toThrow('too large');
    await expect(client().get(`${base}/zaken/api/v1/declared-huge`, 'zaken')).rejects.toThrow('too large');
  });
});
