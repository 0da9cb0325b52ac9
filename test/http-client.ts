/**
 * A small browser stand-in for HTTP-level tests: keeps cookies (by name, as localhost shares
 * cookies across ports), follows nothing by itself, and can walk the simulated DigiD login.
 */
export class HttpClient {
  readonly cookies = new Map<string, string>();
  readonly setCookieHeaders: string[] = [];
  /** Sent with every request (e.g. a user agent), under the headers of one request. */
  readonly defaultHeaders: Record<string, string> = {};

  constructor(readonly baseUrl: string) {}

  async request(pathOrUrl: string, init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<Response> {
    const url = new URL(pathOrUrl, this.baseUrl);
    const headers: Record<string, string> = { ...this.defaultHeaders, ...init.headers };
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const response = await fetch(url, { method: init.method ?? (init.form ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
    for (const header of response.headers.getSetCookie()) {
      this.setCookieHeaders.push(header);
      const [pair = '', ...attributes] = header.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      const expired = attributes.some((attribute) => /^\s*(max-age=0|expires=thu, 01 jan 1970)/i.test(attribute));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  /** Follows redirects from a response until a non-redirect answer. */
  async follow(response: Response): Promise<Response> {
    let current = response;
    let base = response.url;
    for (let hops = 0; hops < 15 && current.status >= 300 && current.status < 400; hops++) {
      const location = current.headers.get('location');
      if (!location) break;
      const next = new URL(location, base).href;
      await current.arrayBuffer();
      current = await this.request(next);
      base = next;
    }
    return current;
  }

  async get(path: string): Promise<Response> {
    return this.follow(await this.request(path));
  }

  async text(path: string): Promise<{ status: number; html: string }> {
    const response = await this.get(path);
    return { status: response.status, html: await response.text() };
  }

  /** Posts a form with the CSRF token taken from the given page. */
  async submit(pagePath: string, action: string, fields: Record<string, string>): Promise<{ status: number; html: string }> {
    const page = await this.text(pagePath);
    const token = /name="_csrf" value="([^"]*)"/.exec(page.html)?.[1] ?? '';
    const response = await this.follow(await this.request(action, { form: { _csrf: token, ...fields } }));
    return { status: response.status, html: await response.text() };
  }

  /**
   * Starts a login and stops at the simulated DigiD's callback to the portal, returning that URL
   * (so tests can tamper with or replay it).
   */
  /** `typed`: choose "Ander BSN" at the simulator and type the number, as for a BRP test person. */
  async loginUntilCallback(bsn: string, level = 'midden', start = '/inloggen', typed = false, extra: Record<string, string> = {}): Promise<string> {
    let response = await this.request(start);
    let location = response.headers.get('location');
    // Walk the provider until it shows its login form.
    for (let hops = 0; hops < 5 && location && !location.includes('/interaction/'); hops++) {
      response = await this.request(location);
      location = response.headers.get('location');
    }
    if (!location) throw new Error(`login did not reach the provider (status ${response.status})`);
    const interactionUrl = new URL(location, response.url).href;
    const page = await this.request(interactionUrl);
    const html = await page.text();
    const action = /action="([^"]*\/login)"/.exec(html)?.[1];
    if (!action) throw new Error('no login form at the provider');
    const form: Record<string, string> = { ...(typed ? { bsn: 'other', bsnOther: bsn, niveau: level } : { bsn, niveau: level }), ...extra };
    response = await this.request(new URL(action, interactionUrl).href, { form });
    location = response.headers.get('location');
    for (let hops = 0; hops < 5 && location && !location.includes('/auth/callback'); hops++) {
      response = await this.request(new URL(location, response.url).href);
      location = response.headers.get('location');
    }
    if (!location) throw new Error(`provider did not return to the portal (status ${response.status})`);
    return location;
  }

  /** The whole login; returns the page the portal lands on. */
  async login(bsn: string, level = 'midden', options: { typed?: boolean; extra?: Record<string, string> } = {}): Promise<{ status: number; html: string }> {
    const callback = await this.loginUntilCallback(bsn, level, '/inloggen', options.typed ?? false, options.extra ?? {});
    const response = await this.follow(await this.request(callback));
    return { status: response.status, html: await response.text() };
  }
}
