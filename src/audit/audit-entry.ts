import { createHash } from 'node:crypto';

/**
 * One audited mutation. Personal data minimised: `before`/`after` hold the changed fields only, and
 * never message content, attachments or register data.
 */
export interface AuditEntry {
  /** Who: a console account (its id and full name), a background job ('system') or the CLI. */
  actor: { kind: 'console' | 'system' | 'cli'; id: string; name: string };
  /** What, as `<thing>.<verb>`: 'organisation.register', 'account.block', 'retention.purge', … */
  action: string;
  target: { type: string; id: string };
  before?: unknown;
  after?: unknown;
  /** The console user's address, truncated like the processing log's (/24, /48). */
  clientAddress?: string | null;
}

/** JSON with object keys sorted at every level, so the same entry always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).filter((key) => record[key] !== undefined).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
}

/** RFC 6962 leaf hash: sha256(0x00 ‖ bytes). */
export function auditLeafHash(entryText: string): string {
  return createHash('sha256').update(Buffer.from([0])).update(entryText, 'utf8').digest('hex');
}
