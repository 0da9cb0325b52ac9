import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { RegisterProvider } from '../config.ts';
import type { RegisterSource } from './register-data.ts';

/** Why a source gave no usable answer. Carries no request or response content, so it is safe to log. */
export class SourceError extends Error {
  constructor(
    readonly kind: 'timeout' | 'status' | 'malformed' | 'network' | 'circuit-open',
    readonly status?: number,
  ) {
    super(status ? `${kind} ${status}` : kind);
  }
}

export interface JsonRequest {
  method: 'GET' | 'POST';
  /** Path below the base URL, with a query string if needed; never personal data (use the body). */
  path: string;
  body?: unknown;
  accept: string;
  signal: AbortSignal;
}

const MAX_RESPONSE_BYTES = 1024 * 1024;

/**
 * One register provider over HTTP(S): mutual TLS with the configured client certificate, a timeout
 * per request, a size limit, and JSON parsing. Every failure becomes a SourceError.
 */
export class ProviderClient {
  private readonly agent: http.Agent;
  private readonly base: URL;

  constructor(
    readonly source: RegisterSource,
    readonly settings: RegisterProvider & { url: string },
  ) {
    this.base = new URL(settings.url.endsWith('/') ? settings.url : `${settings.url}/`);
    this.agent =
      this.base.protocol === 'https:'
        ? new https.Agent({
            keepAlive: true,
            cert: settings.clientCertFile ? fs.readFileSync(settings.clientCertFile) : undefined,
            key: settings.clientKeyFile ? fs.readFileSync(settings.clientKeyFile) : undefined,
            ca: settings.caFile ? fs.readFileSync(settings.caFile) : undefined,
          })
        : new http.Agent({ keepAlive: true });
  }

  /** Sends the request and resolves with the parsed JSON body of a 2xx answer; rejects with SourceError. */
  async requestJson(request: JsonRequest): Promise<unknown> {
    const signal = AbortSignal.any([request.signal, AbortSignal.timeout(this.settings.timeoutMs)]);
    const url = new URL(request.path.replace(/^\//, ''), this.base);
    const payload = request.body === undefined ? undefined : Buffer.from(JSON.stringify(request.body));
    const text = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const transport = url.protocol === 'https:' ? https : http;
      const outgoing = transport.request(
        url,
        {
          method: request.method,
          agent: this.agent,
          signal,
          headers: {
            accept: request.accept,
            ...(payload ? { 'content-type': 'application/json; charset=utf-8', 'content-length': payload.length } : {}),
          },
        },
        (incoming) => {
          const chunks: Buffer[] = [];
          let size = 0;
          incoming.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_RESPONSE_BYTES) incoming.destroy(new SourceError('malformed'));
            else chunks.push(chunk);
          });
          incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          incoming.on('error', reject);
          incoming.on('close', () => {
            if (!incoming.complete) reject(new SourceError(signal.aborted ? 'timeout' : 'network'));
          });
        },
      );
      outgoing.on('error', reject);
      outgoing.end(payload);
    }).catch((error: unknown) => {
      if (error instanceof SourceError) throw error;
      throw new SourceError(signal.aborted ? 'timeout' : 'network');
    });
    if (text.status < 200 || text.status > 299) throw new SourceError('status', text.status);
    try {
      return JSON.parse(text.body) as unknown;
    } catch {
      throw new SourceError('malformed');
    }
  }

  /** Releases kept-alive connections. */
  close(): void {
    this.agent.destroy();
  }
}
