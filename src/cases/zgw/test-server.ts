import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { TestNotificaties } from './test-server-notifications.ts';
import { ZgwTestData } from './test-server-data.ts';
import { verifyZgwToken } from './zgw-jwt.ts';

interface Request {
  params: string[];
  query: URLSearchParams;
  body: Record<string, unknown>;
  headers: http.IncomingHttpHeaders;
  url: URL;
}
interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}
type Handler = (request: Request) => Answer | Promise<Answer>;

const API_VERSIONS: Record<string, string> = { zaken: '1.5.1', catalogi: '1.3.1', api: '1.0.0' };

// The Fout and ValidatieFout shapes of the ZGW specs.
function fout(status: number, code: string, title: string, instance: string, invalidParams?: { name: string; code: string; reason: string }[]): Answer {
  return { status, body: { type: `https://zgw.test/fouten/${code}`, code, title, status, detail: title, instance, ...(invalidParams ? { invalidParams } : {}) } };
}

/**
 * A ZGW installation over real HTTP for tests and the demo, following the published contracts in
 * shared/specs: Zaken API under /zaken/api/v1, Catalogi API under /catalogi/api/v1, Notificaties
 * API under /api/v1. Every call needs a ZGW JWT (HS256 with a known client id and secret);
 * lists are paginated with count/next/previous/results (pageSize default 100, at most 500);
 * reading a zaak requires Accept-Crs. Creating a zaak, status or rol publishes the notification
 * Open Zaak would publish on the `zaken` kanaal.
 */
export class ZgwTestServer {
  readonly data: ZgwTestData;
  readonly notificaties: TestNotificaties;
  /** Method and path of every request received, to show what a client asked (never bodies). */
  readonly requests: string[] = [];
  private readonly routes: [string, RegExp, Handler][] = [];

  private constructor(
    private readonly server: http.Server,
    readonly url: string,
    private readonly clients: Map<string, string>,
  ) {
    this.data = new ZgwTestData(url);
    this.notificaties = new TestNotificaties(`${url}/api/v1`);
    this.defineRoutes();
  }

  /** Starts on 127.0.0.1 (port 0: any free port) accepting tokens of the given clients (id → secret). */
  static async start(options: { clients: Record<string, string>; port?: number }): Promise<ZgwTestServer> {
    let instance: ZgwTestServer | null = null;
    const server = http.createServer((request, response) => void instance?.handle(request, response));
    await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    instance = new ZgwTestServer(server, `http://127.0.0.1:${port}`, new Map(Object.entries(options.clients)));
    return instance;
  }

  get zakenUrl(): string {
    return this.data.zakenUrl;
  }
  get catalogiUrl(): string {
    return this.data.catalogiUrl;
  }
  get notificatiesUrl(): string {
    return this.notificaties.url;
  }

  /** Sets a status as a case worker would (POST /statussen) and publishes its notification. */
  setStatus(input: { zaak: string; statustype: string; datumStatusGezet: string }): string {
    const status = this.data.addStatus(input);
    this.publish('status', `${this.zakenUrl}/statussen/${status.uuid}`, status.zaak, 'create');
    return `${this.zakenUrl}/statussen/${status.uuid}`;
  }

  /** Publishes a `zaken` notification as Open Zaak does after a change. */
  publish(resource: string, resourceUrl: string, zaakUuid: string, actie: string): void {
    const zaak = this.data.zaakJson(zaakUuid);
    this.notificaties.publish({
      kanaal: 'zaken',
      hoofdObject: `${this.zakenUrl}/zaken/${zaakUuid}`,
      resource,
      resourceUrl,
      actie,
      aanmaakdatum: new Date().toISOString(),
      kenmerken: { bronorganisatie: zaak?.bronorganisatie ?? '', zaaktype: zaak?.zaaktype ?? '', vertrouwelijkheidaanduiding: zaak?.vertrouwelijkheidaanduiding ?? '' },
    });
  }

  async close(): Promise<void> {
    await this.notificaties.settled();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private route(method: string, pattern: string, handler: Handler): void {
    this.routes.push([method, new RegExp(`^${pattern.replace(/\{uuid\}/g, '([0-9a-f-]{36})')}$`), handler]);
  }

  private page(request: Request, items: unknown[]): Answer {
    const pageSize = Math.min(Number(request.query.get('pageSize') ?? 100) || 100, 500);
    const page = Number(request.query.get('page') ?? 1);
    const pages = Math.max(1, Math.ceil(items.length / pageSize));
    if (!Number.isInteger(page) || page < 1 || page > pages) return fout(404, 'not_found', 'Ongeldige pagina.', request.url.pathname);
    const link = (n: number) => {
      const url = new URL(request.url);
      url.searchParams.set('page', String(n));
      return url.href;
    };
    return { status: 200, body: { count: items.length, next: page < pages ? link(page + 1) : null, previous: page > 1 ? link(page - 1) : null, results: items.slice((page - 1) * pageSize, page * pageSize) } };
  }

  private defineRoutes(): void {
    const { data } = this;
    const found = (request: Request, body: unknown): Answer => (body ? { status: 200, body } : fout(404, 'not_found', 'Niet gevonden.', request.url.pathname));
    const uuidOf = (url: string | null) => (url ?? '').split('/').pop() ?? '';

    this.route('GET', '/zaken/api/v1/zaken/{uuid}', (request) => {
      if (request.headers['accept-crs'] !== 'EPSG:4326') return fout(412, 'precondition_failed', "'Accept-Crs' header ontbreekt", request.url.pathname);
      const answer = found(request, data.zaakJson(request.params[0] ?? ''));
      return { ...answer, headers: { 'content-crs': 'EPSG:4326' } };
    });
    this.route('GET', '/zaken/api/v1/statussen', (request) => {
      const zaak = uuidOf(request.query.get('zaak'));
      return this.page(request, [...data.statussen.values()].filter((s) => !request.query.has('zaak') || s.zaak === zaak).map((s) => data.statusJson(s.uuid)));
    });
    this.route('GET', '/zaken/api/v1/statussen/{uuid}', (request) => found(request, data.statusJson(request.params[0] ?? '')));
    this.route('GET', '/zaken/api/v1/rollen', (request) => {
      const zaak = uuidOf(request.query.get('zaak'));
      const type = request.query.get('betrokkeneType');
      const rollen = [...data.rollen.values()].filter((r) => (!request.query.has('zaak') || r.zaak === zaak) && (!type || r.betrokkeneType === type));
      return this.page(request, rollen.map((r) => data.rolJson(r.uuid)));
    });
    this.route('POST', '/zaken/api/v1/statussen', (request) => {
      const { zaak, statustype, datumStatusGezet } = request.body;
      const invalid = [['zaak', zaak], ['statustype', statustype], ['datumStatusGezet', datumStatusGezet]].filter(([, value]) => typeof value !== 'string');
      if (invalid.length > 0) return fout(400, 'invalid', 'Een of meer velden zijn ongeldig.', request.url.pathname, invalid.map(([name]) => ({ name: String(name), code: 'required', reason: 'Dit veld is vereist.' })));
      if (!data.zaken.has(uuidOf(String(zaak))) || !data.statustypen.has(uuidOf(String(statustype)))) return fout(400, 'invalid', 'Zaak of statustype bestaat niet.', request.url.pathname, [{ name: 'zaak', code: 'does_not_exist', reason: 'Object bestaat niet.' }]);
      const url = this.setStatus({ zaak: String(zaak), statustype: String(statustype), datumStatusGezet: String(datumStatusGezet) });
      return { status: 201, body: data.statusJson(uuidOf(url)), headers: { location: url } };
    });
    this.route('GET', '/catalogi/api/v1/zaaktypen/{uuid}', (request) => found(request, data.zaaktypeJson(request.params[0] ?? '')));
    this.route('GET', '/catalogi/api/v1/statustypen/{uuid}', (request) => found(request, data.statustypeJson(request.params[0] ?? '')));
    this.route('GET', '/catalogi/api/v1/statustypen', (request) => {
      const zaaktype = uuidOf(request.query.get('zaaktype'));
      const types = [...data.statustypen.values()].filter((s) => !request.query.has('zaaktype') || s.zaaktype === zaaktype).sort((a, b) => a.volgnummer - b.volgnummer);
      return this.page(request, types.map((s) => data.statustypeJson(s.uuid)));
    });
    this.route('GET', '/api/v1/abonnement', () => ({ status: 200, body: [...this.notificaties.abonnementen.values()].map((a) => this.notificaties.json(a)) }));
    const saveAbonnement = async (request: Request, uuid?: string): Promise<Answer> => {
      const { callbackUrl, auth, kanalen } = request.body;
      if (typeof callbackUrl !== 'string' || typeof auth !== 'string' || !Array.isArray(kanalen)) {
        return fout(400, 'invalid', 'Een of meer velden zijn ongeldig.', request.url.pathname, [{ name: 'callbackUrl', code: 'required', reason: 'callbackUrl, auth en kanalen zijn vereist.' }]);
      }
      const saved = await this.notificaties.save({ uuid, callbackUrl, auth, kanalen: kanalen as { naam: string; filters?: Record<string, string> }[] });
      if (!saved) return fout(400, 'invalid', 'Callback URL geeft geen 2xx op een testnotificatie.', request.url.pathname, [{ name: 'callbackUrl', code: 'invalid-callback-url', reason: 'Callback URL niet bereikbaar of niet geautoriseerd.' }]);
      return { status: uuid ? 200 : 201, body: this.notificaties.json(saved) };
    };
    this.route('POST', '/api/v1/abonnement', (request) => saveAbonnement(request));
    this.route('PUT', '/api/v1/abonnement/{uuid}', (request) =>
      this.notificaties.abonnementen.has(request.params[0] ?? '') ? saveAbonnement(request, request.params[0]) : fout(404, 'not_found', 'Niet gevonden.', request.url.pathname),
    );
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.url);
    this.requests.push(`${request.method ?? ''} ${url.pathname}`);
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const send = (answer: Answer) => {
      const api = url.pathname.split('/')[1] ?? 'api';
      const type = answer.status >= 400 ? 'application/problem+json' : 'application/json';
      response.writeHead(answer.status, { 'content-type': type, 'api-version': API_VERSIONS[api] ?? '1.0.0', ...(answer.headers ?? {}) });
      response.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
    };
    if (!(await verifyZgwToken(request.headers.authorization, this.clients))) {
      return send(fout(401, 'not_authenticated', 'Authenticatiegegevens zijn niet opgegeven.', url.pathname));
    }
    for (const [method, pattern, handler] of this.routes) {
      const match = pattern.exec(url.pathname);
      if (!match || method !== request.method) continue;
      let body: Record<string, unknown> = {};
      try {
        body = chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
      } catch {
        return send(fout(400, 'parse_error', 'JSON parse error.', url.pathname));
      }
      return send(await handler({ params: match.slice(1), query: url.searchParams, body, headers: request.headers, url }));
    }
    send(fout(404, 'not_found', 'Niet gevonden.', url.pathname));
  }
}
