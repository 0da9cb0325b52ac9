import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

/** How the demo store behaves: normally, answering 503, or answering only after `slowMs`. */
export type MagazijnDemoMode = 'normal' | 'unavailable' | 'slow';

interface StoredAttachment {
  bijlageId: string;
  naam: string;
  mimeType: string;
  bytes: Buffer;
}

interface StoredMessage {
  berichtId: string;
  afzender: string;
  ontvanger: { type: 'BSN'; waarde: string };
  onderwerp: string;
  inhoud: string;
  tijdstipOntvangst: string;
  publicatietijdstip: string;
  bijlagen: StoredAttachment[];
  status?: { gelezen: boolean; map?: string; gewijzigdOp: string };
}

export interface DemoDelivery {
  bsn: string;
  onderwerp: string;
  inhoud: string;
  publicatietijdstip?: string;
  bijlagen?: { naam: string; mimeType: string; bytes: Buffer }[];
}

const API_VERSION = '0.2.0';
const RECIPIENT = /^(BSN:[0-9]{9}|RSIN:[0-9]{9}|KVK:[0-9]{8}|OIN:[0-9]{20})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A stand-in for an FBS berichtenmagazijn (../shared/specs/fbs-berichtenmagazijn-api.yaml) over
 * real HTTP(S), for development and tests: POST /aanleveringen, GET /berichten (paged summaries),
 * GET and PATCH /berichten/{id} and GET /berichten/{id}/bijlagen/{bijlageId}, with the recipient in the
 * X-Ontvanger header. It counts requests (method and path only, never the header) so tests can
 * prove that nothing is asked after a withdrawal.
 */
export class MagazijnDemo {
  mode: MagazijnDemoMode = 'normal';
  slowMs = 10_000;
  /** Method and path of every request to /berichten…, in order. */
  readonly requests: { method: string; path: string }[] = [];
  /** Request headers seen, for checks that personal data travels only where the contract says. */
  readonly recipientHeaders: string[] = [];
  private readonly messages: StoredMessage[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor(
    private readonly server: http.Server,
    readonly url: string,
    readonly oin: string,
  ) {}

  static async start(options: { oin: string; port?: number; tls?: { key: Buffer; cert: Buffer; ca?: Buffer } }): Promise<MagazijnDemo> {
    let instance: MagazijnDemo | null = null;
    const listener: http.RequestListener = (request, response) => instance?.handle(request, response);
    const tls = options.tls;
    const server = tls ? https.createServer({ key: tls.key, cert: tls.cert, ca: tls.ca, requestCert: Boolean(tls.ca), rejectUnauthorized: Boolean(tls.ca) }, listener) : http.createServer(listener);
    await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    instance = new MagazijnDemo(server, `${tls ? 'https' : 'http'}://127.0.0.1:${port}/api/v1`, options.oin);
    return instance;
  }

  /** Stores a message directly (demo seed); the same as a valid POST /aanleveringen. */
  deliver(delivery: DemoDelivery): string {
    const now = new Date().toISOString();
    const message: StoredMessage = {
      berichtId: randomUUID(),
      afzender: this.oin,
      ontvanger: { type: 'BSN', waarde: delivery.bsn },
      onderwerp: delivery.onderwerp,
      inhoud: delivery.inhoud,
      tijdstipOntvangst: now,
      publicatietijdstip: delivery.publicatietijdstip ?? now,
      bijlagen: (delivery.bijlagen ?? []).map((bijlage) => ({ bijlageId: randomUUID(), ...bijlage })),
    };
    this.messages.push(message);
    return message.berichtId;
  }

  /** Requests to /berichten… so far (each one the portal made). */
  get requestCount(): number {
    return this.requests.length;
  }

  async close(): Promise<void> {
    if (!this.server.listening) return;
    for (const timer of this.timers) clearTimeout(timer);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://magazijn.invalid');
      const path = url.pathname.replace(/^\/api\/v1/, '');
      const method = request.method ?? 'GET';
      if (path.startsWith('/berichten')) {
        this.requests.push({ method, path: `${path}${url.search}` });
        this.recipientHeaders.push(String(request.headers['x-ontvanger'] ?? ''));
      }
      const answer = () =>
        this.route({ method, path, query: url.searchParams, recipient: request.headers['x-ontvanger'], contentType: String(request.headers['content-type'] ?? ''), body: Buffer.concat(chunks) }, response);
      if (this.mode === 'unavailable') return problem(response, 503, 'Magazijn tijdelijk niet beschikbaar');
      if (this.mode === 'slow') {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          answer();
        }, this.slowMs);
        this.timers.add(timer);
        return;
      }
      answer();
    });
  }

  private route(request: { method: string; path: string; query: URLSearchParams; recipient: string | string[] | undefined; contentType: string; body: Buffer }, response: http.ServerResponse): void {
    if (request.method === 'POST' && request.path === '/aanleveringen') return this.aanlevering(request.body, response);
    const parts = request.path.split('/').filter(Boolean);
    const patch = request.method === 'PATCH' && parts.length === 2;
    if (parts[0] !== 'berichten' || (request.method !== 'GET' && !patch)) return problem(response, 404, 'Niet gevonden');
    const recipient = typeof request.recipient === 'string' ? request.recipient : '';
    if (!RECIPIENT.test(recipient)) return problem(response, 400, 'X-Ontvanger ontbreekt of is ongeldig');
    const [type, waarde] = recipient.split(':');
    const mine = (message: StoredMessage) => message.ontvanger.type === type && message.ontvanger.waarde === waarde;
    if (parts.length === 1) return this.list(request.query, mine, response);
    const id = parts[1] ?? '';
    if (!UUID.test(id)) return problem(response, 400, 'Ongeldig berichtId');
    const message = this.messages.find((candidate) => candidate.berichtId === id);
    if (!message) return problem(response, 404, 'Bericht niet gevonden');
    if (!mine(message)) return problem(response, 403, 'Ontvanger komt niet overeen');
    if (patch) return this.updateStatus(message, request, response);
    if (parts.length === 2) return json(response, 200, full(message));
    if (parts.length === 4 && parts[2] === 'bijlagen') {
      const bijlage = message.bijlagen.find((candidate) => candidate.bijlageId === parts[3]);
      if (!bijlage) return problem(response, 404, 'Bijlage niet gevonden');
      response.writeHead(200, { 'content-type': bijlage.mimeType, 'content-disposition': 'attachment', 'api-version': API_VERSION });
      return void response.end(bijlage.bytes);
    }
    return problem(response, 404, 'Niet gevonden');
  }

  private list(query: URLSearchParams, mine: (message: StoredMessage) => boolean, response: http.ServerResponse): void {
    const page = Number(query.get('page') ?? '0');
    const pageSize = Number(query.get('pageSize') ?? '20');
    if (!Number.isInteger(page) || page < 0 || !Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) return problem(response, 400, 'Ongeldige paginering');
    const own = this.messages.filter(mine).sort((a, b) => b.publicatietijdstip.localeCompare(a.publicatietijdstip));
    const totalPages = Math.max(1, Math.ceil(own.length / pageSize));
    const link = (p: number) => ({ href: `/api/v1/berichten?page=${p}&pageSize=${pageSize}` });
    json(response, 200, {
      berichten: own.slice(page * pageSize, (page + 1) * pageSize).map((message) => ({
        ...header(message),
        inhoud: message.inhoud,
        aantalBijlagen: message.bijlagen.length,
        ...(message.status ? { status: message.status } : {}),
        bijlagen: message.bijlagen.map((bijlage) => ({ bijlageId: bijlage.bijlageId, naam: bijlage.naam })),
      })),
      page,
      pageSize,
      totalElements: own.length,
      totalPages,
      _links: { self: link(page), first: link(0), last: link(totalPages - 1), ...(page > 0 ? { prev: link(page - 1) } : {}), ...(page + 1 < totalPages ? { next: link(page + 1) } : {}) },
    });
  }

  /** PATCH /berichten/{id}: JSON merge patch of `gelezen` and `map`; absent or null changes nothing. */
  private updateStatus(message: StoredMessage, request: { contentType: string; body: Buffer }, response: http.ServerResponse): void {
    if (request.contentType.split(';')[0]?.trim() !== 'application/merge-patch+json') return problem(response, 415, 'Gebruik application/merge-patch+json');
    let input: { gelezen?: unknown; map?: unknown };
    try {
      input = JSON.parse(request.body.toString('utf8')) as { gelezen?: unknown; map?: unknown };
    } catch {
      return problem(response, 400, 'Ongeldige JSON');
    }
    if ((input.gelezen != null && typeof input.gelezen !== 'boolean') || (input.map != null && (typeof input.map !== 'string' || input.map === ''))) return problem(response, 400, 'Ongeldige status');
    message.status = {
      gelezen: typeof input.gelezen === 'boolean' ? input.gelezen : (message.status?.gelezen ?? false),
      ...(typeof input.map === 'string' ? { map: input.map } : message.status?.map ? { map: message.status.map } : {}),
      gewijzigdOp: new Date().toISOString(),
    };
    json(response, 200, full(message));
  }

  private aanlevering(body: Buffer, response: http.ServerResponse): void {
    let input: Record<string, unknown>;
    try {
      input = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    } catch {
      return problem(response, 400, 'Ongeldige JSON');
    }
    const ontvanger = input.ontvanger as { type?: unknown; waarde?: unknown } | undefined;
    if (input.afzender !== this.oin || ontvanger?.type !== 'BSN' || typeof ontvanger.waarde !== 'string' || !/^\d{9}$/.test(ontvanger.waarde)) return problem(response, 400, 'Ongeldige afzender of ontvanger');
    if (typeof input.onderwerp !== 'string' || typeof input.inhoud !== 'string' || input.onderwerp === '' || input.inhoud === '') return problem(response, 400, 'Onderwerp en inhoud zijn verplicht');
    const bijlagen = Array.isArray(input.bijlagen) ? (input.bijlagen as { naam: string; mimeType: string; inhoud: string }[]) : [];
    const id = this.deliver({
      bsn: ontvanger.waarde,
      onderwerp: input.onderwerp,
      inhoud: input.inhoud,
      publicatietijdstip: typeof input.publicatietijdstip === 'string' ? input.publicatietijdstip : undefined,
      bijlagen: bijlagen.map((bijlage) => ({ naam: bijlage.naam, mimeType: bijlage.mimeType, bytes: Buffer.from(bijlage.inhoud, 'base64') })),
    });
    const message = this.messages.find((candidate) => candidate.berichtId === id);
    if (!message) return problem(response, 500, 'Interne fout');
    json(response, 201, header(message));
  }
}

function header(message: StoredMessage) {
  return {
    berichtId: message.berichtId,
    afzender: message.afzender,
    ontvanger: message.ontvanger,
    onderwerp: message.onderwerp,
    tijdstipOntvangst: message.tijdstipOntvangst,
    publicatietijdstip: message.publicatietijdstip,
    _links: { self: { href: `/api/v1/berichten/${message.berichtId}` } },
  };
}

function full(message: StoredMessage) {
  return {
    ...header(message),
    inhoud: message.inhoud,
    ...(message.status ? { status: message.status } : {}),
    bijlagen: message.bijlagen.map((bijlage) => ({
      bijlageId: bijlage.bijlageId,
      naam: bijlage.naam,
      mimeType: bijlage.mimeType,
      _links: { self: { href: `/api/v1/berichten/${message.berichtId}/bijlagen/${bijlage.bijlageId}` } },
    })),
  };
}

function json(response: http.ServerResponse, status: number, body: unknown): void {
  if (response.destroyed) return;
  response.writeHead(status, { 'content-type': 'application/json', 'api-version': API_VERSION });
  response.end(JSON.stringify(body));
}

/** RFC 9457 problem, as the contract answers errors. */
function problem(response: http.ServerResponse, status: number, title: string): void {
  if (response.destroyed) return;
  response.writeHead(status, { 'content-type': 'application/problem+json', 'api-version': API_VERSION });
  response.end(JSON.stringify({ type: 'about:blank', title, status, instance: `urn:uuid:${randomUUID()}` }));
}
