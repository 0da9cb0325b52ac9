import type { ZgwSource } from '../../config.ts';
import { zgwToken } from './zgw-jwt.ts';

/** A ZGW API call that failed, with the HTTP status the source answered (0 when unreachable). */
export class ZgwError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

const MAX_PAGES = 50;
/** A ZGW resource or list page is a few kilobytes; anything past this is refused, not buffered. */
export const MAX_RESPONSE_BYTES = 1024 * 1024;

/**
 * Reads a source's Zaken and Catalogi APIs with its ZGW token. It only ever calls URLs under the
 * source's configured base URLs, so a notification can never make the portal send its token
 * elsewhere; list endpoints are followed through their `next` links.
 */
export class ZgwClient {
  constructor(
    readonly source: ZgwSource,
    private readonly timeoutMs = 5000,
  ) {}

  /** True when the URL lies under one of this source's Zaken or Catalogi base URLs. */
  owns(url: string, api: 'zaken' | 'catalogi'): boolean {
    const base = api === 'zaken' ? this.source.zakenUrl : this.source.catalogiUrl;
    return url.startsWith(`${base}/`);
  }

  /** One resource; 404 and other failures throw ZgwError with the status. */
  async get<T>(url: string, api: 'zaken' | 'catalogi'): Promise<T> {
    if (!this.owns(url, api)) throw new ZgwError(400, `URL outside the ${api} API of source ${this.source.id}`);
    const response = await fetch(url, {
      headers: {
        accept: 'application/json',
        authorization: `Bearer ${await zgwToken(this.source.clientId, this.source.secret)}`,
        // Required by the Zaken API for resources with geometry (zaak); harmless elsewhere.
        'accept-crs': 'EPSG:4326',
      },
      signal: AbortSignal.timeout(this.timeoutMs),
      // A redirect could lead the token elsewhere: every URL must lie under the source's base.
      redirect: 'manual',
    }).catch((error: unknown) => {
      throw new ZgwError(0, `${api} API unreachable: ${error instanceof Error ? error.message : 'unknown'}`);
    });
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      throw new ZgwError(response.status, `${api} API answered with a redirect, which is refused`);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new ZgwError(response.status, `${api} API answered ${response.status}`);
    }
    return JSON.parse(await readCapped(response, api)) as T;
  }

  /** Every item of a paginated list (count/next/previous/results). */
  async list<T>(url: string, api: 'zaken' | 'catalogi'): Promise<T[]> {
    const items: T[] = [];
    let next: string | null = url;
    for (let page = 0; next && page < MAX_PAGES; page++) {
      const body: Page<T> = await this.get<Page<T>>(next, api);
      items.push(...body.results);
      next = body.next;
    }
    return items;
  }
}

/** The body as text, or a ZgwError once it passes MAX_RESPONSE_BYTES (the rest is not read). */
async function readCapped(response: Response, api: string): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > MAX_RESPONSE_BYTES) {
    await response.body?.cancel();
    throw new ZgwError(502, `${api} API answer too large`);
  }
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.byteLength;
    if (size > MAX_RESPONSE_BYTES) {
      await response.body.cancel().catch(() => undefined);
      throw new ZgwError(502, `${api} API answer too large`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
