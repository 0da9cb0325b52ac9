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
    });
    if (!response.ok) {
      await response.body?.cancel();
      throw new ZgwError(response.status, `${api} API answered ${response.status}`);
    }
    return (await response.json()) as T;
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
