import { createHash } from 'node:crypto';
import { compactDecrypt, exportJWK, generateKeyPair } from 'jose';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loggedInClient } from '../../test/fixtures.ts';
import { startTestPortal, type TestPortal } from '../../test/portal.ts';
import { createAuditLog } from '../audit/index.ts';
import { DEMO_CITIZENS } from '../registers/demo/citizens.ts';
import { recipientSealer, RecipientKeyError, type Sealer } from './recipient-key.ts';
import { RESEARCH_EXPORT_FORMAT, writeResearchExport, type ResearchExportRow } from './research-export.ts';

const johanna = DEMO_CITIZENS[0]!;
const pieter = DEMO_CITIZENS[2]!;
const HOUR = 60 * 60 * 1000;
const actor = { kind: 'cli' as const, id: 'onderzoek', name: 'A. Onderzoeker' };

let t: TestPortal;
beforeAll(async () => {
  t = await startTestPortal({}, { workers: false });
  // Real logins through the simulated DigiD: Johanna twice, Pieter once, each visiting a page.
  for (const bsn of [johanna.bsn, pieter.bsn, johanna.bsn]) {
    const client = await loggedInClient(t, bsn);
    await client.text('/berichten');
  }
}, 120_000);
afterAll(async () => {
  await t?.close();
});

async function exportLines(sealer?: Sealer): Promise<{ text: string; lines: Record<string, unknown>[] }> {
  const written: string[] = [];
  const now = t.clock.now();
  await writeResearchExport(
    { db: t.portal.db, keyring: t.portal.keyring, audit: createAuditLog({ now: t.clock.now }), now: t.clock.now },
    { from: new Date(now.getTime() - HOUR), to: new Date(now.getTime() + HOUR), write: async (line) => void written.push(line), sealer, actor, pageSize: 2 },
  );
  return { text: written.join('\n'), lines: written.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

const loginsOf = (lines: Record<string, unknown>[]) => lines.filter((line) => line.type === 'login') as unknown as ResearchExportRow[];

describe('research export of login data (R29)', () => {
  it('R29: the export holds every login of the period with time, pages and device class, and no BSN or IP address in clear', async () => {
    const { text, lines } = await exportLines();
    const logins = loginsOf(lines);
    expect(lines[0]).toMatchObject({ type: 'header', format: RESEARCH_EXPORT_FORMAT });
    expect(lines.at(-1)).toMatchObject({ type: 'trailer', rows: 3, key: 'destroyed' });
    expect(logins).toHaveLength(3);
    for (const login of logins) {
      expect(login.bsn_pseudonym).toMatch(/^[\w-]{43}$/);
      expect(login.ip_pseudonym).toMatch(/^[\w-]{43}$/);
      expect(login.ip_prefix).toMatch(/^\/(24|48)$/);
      expect(login.user_agent).not.toBeNull();
      expect(login.pages.some((page) => page.startsWith('login'))).toBe(true);
      expect(Date.parse(login.login_time)).not.toBeNaN();
    }
    // Johanna's two logins share a pseudonym inside one export; Pieter's differs.
    expect(new Set(logins.map((login) => login.bsn_pseudonym)).size).toBe(2);
    const stored = await sql<{ client_address: string | null }>`select distinct client_address from processing_log where client_address is not null`.execute(t.portal.db);
    expect(stored.rows.length).toBeGreaterThan(0);
    for (const bsn of [johanna.bsn, pieter.bsn]) {
      expect(text).not.toContain(bsn);
      // Not a plain hash either: that would be reversed by hashing every possible BSN.
      expect(text).not.toContain(createHash('sha256').update(bsn).digest('base64url'));
      expect(text).not.toContain(createHash('sha256').update(bsn).digest('hex'));
    }
    for (const { client_address: address } of stored.rows) {
      expect(text).not.toContain(String(address));
      expect(text).not.toContain(String(address).split('/')[0]);
    }
    expect(text).not.toContain('127.0.0.1');
  });

  it('R29: two exports cannot be joined by their pseudonyms (a new key per export, destroyed after)', async () => {
    const first = loginsOf((await exportLines()).lines);
    const second = loginsOf((await exportLines()).lines);
    const pseudonyms = (rows: ResearchExportRow[]) => new Set(rows.flatMap((row) => [row.bsn_pseudonym, row.ip_pseudonym]));
    const shared = [...pseudonyms(first)].filter((value) => pseudonyms(second).has(value));
    expect(shared).toEqual([]);
  });

  it('R29: with a recipient key the BSN is sealed (JWE) and only the recipient opens it; a private key is refused', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ECDH-ES+A256KW', { crv: 'P-256', extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), kid: 'cbs-2026' };
    const { text, lines } = await exportLines(await recipientSealer(jwk));
    const logins = loginsOf(lines);
    expect(lines[0]).toMatchObject({ bsn: { sealed: { format: 'jwe-compact', alg: 'ECDH-ES+A256KW', kid: 'cbs-2026' } } });
    const opened = await Promise.all(logins.map(async (login) => new TextDecoder().decode((await compactDecrypt(String(login.bsn_sealed), privateKey)).plaintext)));
    expect(opened.sort()).toEqual([johanna.bsn, johanna.bsn, pieter.bsn].sort());
    expect(text).not.toContain(johanna.bsn);
    // Each seal is fresh: the same BSN gives different JWEs, so the sealed values do not link rows either.
    expect(new Set(logins.map((login) => login.bsn_sealed)).size).toBe(3);
    await expect(recipientSealer(await exportJWK(privateKey))).rejects.toThrow(RecipientKeyError);
  });

  it('R29: every export is recorded in the audit log with its period, size and the key destroyed', async () => {
    await exportLines();
    const rows = await sql<{ entry: string }>`select entry from audit_log order by seq`.execute(t.portal.db);
    const exports = rows.rows.map((row) => JSON.parse(row.entry) as { action: string; actor: { name: string }; after: { rows: number; key: string } }).filter((entry) => entry.action === 'research-export.write');
    expect(exports.length).toBeGreaterThan(0);
    expect(exports.at(-1)).toMatchObject({ actor: { name: 'A. Onderzoeker' }, after: { rows: 3, key: 'destroyed' } });
    expect(rows.rows.map((row) => row.entry).join('\n')).not.toContain(johanna.bsn);
  });
});
