import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { Value } from '@sinclair/typebox/value';
import type { TSchema, Static } from '@sinclair/typebox';
import type { ExternalMailboxStore } from '../config.ts';
import { Bericht, BerichtenLijst } from './magazijn-contract.ts';

/** Why a store gave no usable answer. Carries no request or response content, so it is safe to log. */
export class StoreError extends Error {
  constructor(
    readonly kind: 'timeout' | 'status' | 'malformed' | 'network' | 'circuit-open' | 'not-found' | 'aborted',
    readonly status?: number,
  ) {
    super(status ? `${kind} ${status}` : kind);
  }
}

const MAX_JSON_BYTES = 1024 * 1024;
const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;
/** The portal reads at most this many pages of 100 summaries per store (a citizen's list, not an archive). */
const MAX_PAGES = 5;

interface RawAnswer {
  status: number;
  contentType: string;
  body: Buffer;
}

/**
 * The client for one FBS berichtenmagazijn: mutual TLS with the configured certificate, a timeout
 * per request, size limits, and answers checked against the contract. The recipient travels only in
 * the `X-Ontvanger` header, as the contract prescribes, never in the URL.
 */
export class MagazijnClient {
  private readonly agent: http.Agent;
  private readonly base: URL;

  constructor(readonly store: ExternalMailboxStore) {
    this.base = new URL(store.url.endsWith('/') ? store.url : `${store.url}/`);
    this.agent =
      this.base.protocol === 'https:'
        ? new https.Agent({
            keepAlive: true,
            cert: store.clientCertFile ? fs.readFileSync(store.clientCertFile) : undefined,
            key: store.clientKeyFile ? fs.readFileSync(store.clientKeyFile) : undefined,
            ca: store.caFile ? fs.readFileSync(store.caFile) : undefined,
          })
        : new http.Agent({ keepAlive: true });
  }

  /** Every summary for this recipient (GET /berichten, page by page). */
  async list(input: { bsn: string; signal: AbortSignal }): Promise<BerichtenLijst['berichten']> {
    const all: BerichtenLijst['berichten'] = [];
    for (let page = 0; page < MAX_PAGES; page++) {
      const answer = await this.json(BerichtenLijst, { path: `berichten?page=${page}&pageSize=100`, bsn: input.bsn, signal: input.signal });
      all.push(...answer.berichten);
      if (page + 1 >= answer.totalPages) break;
    }
    return all;
  }

  /** One message with its text and attachment metadata; 403/404 become StoreError('not-found'). */
  message(input: { bsn: string; messageId: string; signal: AbortSignal }): Promise<Bericht> {
    return this.json(Bericht, { path: `berichten/${encodeURIComponent(input.messageId)}`, bsn: input.bsn, signal: input.signal });
  }

  /** Marks the message read for this recipient (PATCH, JSON merge patch), as opening it in the portal means. */
  markRead(input: { bsn: string; messageId: string; signal: AbortSignal }): Promise<Bericht> {
    return this.json(Bericht, { path: `berichten/${encodeURIComponent(input.messageId)}`, bsn: input.bsn, signal: input.signal, method: 'PATCH', body: { gelezen: true } });
  }

  /** The bytes of one attachment and the MIME type the store names. */
  async attachment(input: { bsn: string; messageId: string; attachmentId: string; signal: AbortSignal }): Promise<{ bytes: Buffer; contentType: string }> {
    const answer = await this.request({
      path: `berichten/${encodeURIComponent(input.messageId)}/bijlagen/${encodeURIComponent(input.attachmentId)}`,
      bsn: input.bsn,
      accept: '*/*',
      signal: input.signal,
      maxBytes: MAX_ATTACHMENT_BYTES,
    });
    return { bytes: answer.body, contentType: answer.contentType };
  }

  close(): void {
    this.agent.destroy();
  }

  private async json<S extends TSchema>(schema: S, input: { path: string; bsn: string; signal: AbortSignal; method?: 'GET' | 'PATCH'; body?: unknown }): Promise<Static<S>> {
    const answer = await this.request({ ...input, accept: 'application/json', maxBytes: MAX_JSON_BYTES });
    if (answer.contentType !== 'application/json') throw new StoreError('malformed');
    let parsed: unknown;
    try {
      parsed = JSON.parse(answer.body.toString('utf8'));
    } catch {
      throw new StoreError('malformed');
    }
    if (!Value.Check(schema, parsed)) throw new StoreError('malformed');
    return parsed;
  }

  private async request(input: { path: string; bsn: string; accept: string; signal: AbortSignal; maxBytes: number; method?: 'GET' | 'PATCH'; body?: unknown }): Promise<RawAnswer> {
    if (input.signal.aborted) throw new StoreError('aborted');
    const timeout = AbortSignal.timeout(this.store.timeoutMs);
    const signal = AbortSignal.any([input.signal, timeout]);
    const url = new URL(input.path, this.base);
    const payload = input.body === undefined ? undefined : Buffer.from(JSON.stringify(input.body));
    const answer = await new Promise<RawAnswer>((resolve, reject) => {
      const transport = url.protocol === 'https:' ? https : http;
      const outgoing = transport.request(
        url,
        {
          method: input.method ?? 'GET',
          agent: this.agent,
          signal,
          headers: {
            accept: input.accept,
            'x-ontvanger': `BSN:${input.bsn}`,
            ...(payload ? { 'content-type': 'application/merge-patch+json', 'content-length': payload.length } : {}),
          },
        },
        (incoming) => {
          const chunks: Buffer[] = [];
          let size = 0;
          incoming.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > input.maxBytes) incoming.destroy(new StoreError('malformed'));
            else chunks.push(chunk);
          });
          incoming.on('end', () =>
            resolve({
              status: incoming.statusCode ?? 0,
              contentType: String(incoming.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '',
              body: Buffer.concat(chunks),
            }),
          );
          incoming.on('error', reject);
          incoming.on('close', () => {
            if (!incoming.complete) reject(new StoreError(signal.aborted ? 'timeout' : 'network'));
          });
        },
      );
      outgoing.on('error', reject);
      outgoing.end(payload);
    }).catch((error: unknown) => {
      if (error instanceof StoreError && error.kind !== 'timeout' && error.kind !== 'network') throw error;
      if (input.signal.aborted) throw new StoreError('aborted');
      throw new StoreError(timeout.aborted ? 'timeout' : 'network');
    });
    if (answer.status === 403 || answer.status === 404) throw new StoreError('not-found', answer.status);
    if (answer.status < 200 || answer.status > 299) throw new StoreError('status', answer.status);
    return answer;
  }
}
