import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

/** How a demo register behaves: normally, or like a register that is empty, broken, slow or down. */
export type DemoMode = 'normal' | 'empty' | 'malformed' | 'garbage' | 'slow' | 'error';

export interface DemoRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

export interface DemoAnswer {
  status: number;
  body: unknown;
  contentType?: string;
}

/** Answers one request; `variant` asks for real data, an empty answer, or a wrongly shaped one. */
export type DemoHandler = (request: DemoRequest, variant: 'normal' | 'empty' | 'malformed') => DemoAnswer;

export interface DemoTls {
  key: Buffer;
  cert: Buffer;
  /** When given, clients must present a certificate issued by this CA (mutual TLS). */
  ca?: Buffer;
}

/** A problem+json answer (RFC 9457), as the Dutch API design rules prescribe for errors. */
const problem = (status: number, title: string): DemoAnswer => ({
  status,
  contentType: 'application/problem+json',
  body: { type: `https://developer.overheid.nl/problems/${status}`, title, status },
});

/**
 * A register stand-in over real HTTP(S) for the demo and tests. Its mode can be switched at run
 * time; it records the method and URL of each request (never the body) so tests can check them.
 */
export class DemoRegisterServer {
  mode: DemoMode = 'normal';
  /** How long a request waits in 'slow' mode. */
  slowMs = 10_000;
  /** When set, the mode applies only to the requests it accepts; the others are answered normally. */
  modeApplies: ((request: DemoRequest) => boolean) | null = null;
  readonly requests: { method: string; url: string }[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor(
    private readonly server: http.Server,
    readonly url: string,
  ) {}

  /** Starts listening on 127.0.0.1 (port 0: any free port). */
  static async start(options: { handler: DemoHandler; port?: number; tls?: DemoTls; basePath?: string }): Promise<DemoRegisterServer> {
    let instance: DemoRegisterServer | null = null;
    const listener: http.RequestListener = (request, response) => {
      if (instance) instance.handle(request, response, options.handler);
    };
    const tls = options.tls;
    const server = tls
      ? https.createServer({ key: tls.key, cert: tls.cert, ca: tls.ca, requestCert: Boolean(tls.ca), rejectUnauthorized: Boolean(tls.ca) }, listener)
      : http.createServer(listener);
    await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    instance = new DemoRegisterServer(server, `${tls ? 'https' : 'http'}://127.0.0.1:${port}${options.basePath ?? ''}`);
    return instance;
  }

  /** Stops the server and drops open connections, including requests held in 'slow' mode. */
  async close(): Promise<void> {
    if (!this.server.listening) return;
    for (const timer of this.timers) clearTimeout(timer);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(request: http.IncomingMessage, response: http.ServerResponse, handler: DemoHandler): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://register.invalid');
      this.requests.push({ method: request.method ?? 'GET', url: `${url.pathname}${url.search}` });
      if (this.requests.length > 100) this.requests.shift();
      let body: unknown = undefined;
      try {
        body = chunks.length > 0 ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
      } catch {
        return send(response, problem(400, 'Ongeldige JSON'));
      }
      const demoRequest: DemoRequest = { method: request.method ?? 'GET', path: url.pathname, query: url.searchParams, body };
      const mode = this.modeApplies && !this.modeApplies(demoRequest) ? 'normal' : this.mode;
      if (mode === 'error') return send(response, problem(500, 'Interne serverfout'));
      if (mode === 'garbage') return send(response, { status: 200, contentType: 'text/html', body: '<html><body>Onderhoud</body></html>' });
      if (mode === 'slow') {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          send(response, handler(demoRequest, 'normal'));
        }, this.slowMs);
        this.timers.add(timer);
        return;
      }
      send(response, handler(demoRequest, mode));
    });
  }
}

function send(response: http.ServerResponse, answer: DemoAnswer): void {
  if (response.destroyed) return;
  const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
  response.writeHead(answer.status, { 'content-type': `${answer.contentType ?? 'application/json'}; charset=utf-8`, 'api-version': '1.0.0' });
  response.end(text);
}

export { problem };
