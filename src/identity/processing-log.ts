import { randomBytes } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';

/** The processing activities (register entries) the log refers to. */
export const USAGE_ACTIVITY = 'urn:burgerportaal:verwerkingsactiviteit:gebruik';
export const SECURITY_ACTIVITY = 'urn:burgerportaal:verwerkingsactiviteit:beveiliging';

/** Usage records that are also security events: session start and end. */
export const SESSION_OPERATIONS = ['login', 'logout', 'session-expired'] as const;

/** Where a request came from, as the log keeps it: never the full address or the raw path. */
export interface RequestOrigin {
  clientAddress: string | null;
  userAgentClass: string | null;
  route: string | null;
}

/**
 * The client address cut to its network: IPv4 to /24 (`192.0.2.0/24`), IPv6 to /48. Enough to see
 * a flood from one provider's range; no longer one household. No key to keep or rotate.
 */
export function truncateAddress(address: string | undefined | null): string | null {
  if (!address) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const v4 = mapped ?? address;
  if (isIPv4(v4)) return `${v4.split('.').slice(0, 3).join('.')}.0/24`;
  if (isIPv6(address)) {
    const [head = '', tail = ''] = address.toLowerCase().split('::');
    const left = head ? head.split(':') : [];
    const right = tail ? tail.split(':') : [];
    const groups = address.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
    return `${groups.slice(0, 3).map((group) => group.replace(/^0+(?=.)/, '')).join(':')}::/48`;
  }
  return null;
}

/** A coarse class of the user agent; the string itself (a fingerprint) is not kept. */
export function userAgentClass(userAgent: string | undefined | null): string | null {
  if (!userAgent) return null;
  if (/bot|crawl|spider|curl|wget|python|java\/|go-http|node|undici|okhttp|headless/i.test(userAgent)) return 'automated';
  if (/mobi|android|iphone|ipad/i.test(userAgent)) return 'mobile-browser';
  if (/mozilla/i.test(userAgent)) return 'desktop-browser';
  return 'other';
}

/** A W3C trace id: from a valid `traceparent` header when the caller sent one, else new. */
export function traceIdOf(traceparent: string | undefined | null): string {
  const match = typeof traceparent === 'string' ? /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/.exec(traceparent) : null;
  return match?.[1] && !/^0+$/.test(match[1]) ? match[1] : randomBytes(16).toString('hex');
}

export function newOperationId(): string {
  return randomBytes(8).toString('hex');
}
