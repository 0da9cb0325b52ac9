import { randomUUID } from 'node:crypto';
import type { AuditEntry, AuditLog } from '../audit/index.ts';
import { countResearchLogins, researchLogins } from '../identity/index.ts';
import type { Keyring } from '../platform/crypto/keyring.ts';
import type { Db } from '../platform/db/database.ts';
import { createPseudonymiser } from './pseudonymiser.ts';
import type { Sealer } from './recipient-key.ts';

export const RESEARCH_EXPORT_FORMAT = 'burgerportaal-research-export/1';

export interface ExportProgress {
  start(total: number): void;
  advance(count: number): void;
  stop(): void;
}

/** One line of the export (docs/research-export.md). */
export interface ResearchExportRow {
  type: 'login';
  login_time: string;
  /** HMAC-SHA256 under this export's key, base64url; null for an anonymised account. */
  bsn_pseudonym: string | null;
  /** With a recipient key: the BSN as a JWE (compact) only the recipient opens; otherwise absent. */
  bsn_sealed?: string | null;
  /** HMAC-SHA256 of the stored (truncated) client address under this export's key. */
  ip_pseudonym: string | null;
  /** Which prefix length the address had before pseudonymising ('/24', '/48'), null without address. */
  ip_prefix: string | null;
  user_agent: string | null;
  assurance: string;
  pages: string[];
}

/**
 * Writes the login data of [from, to) as JSON Lines (R29): a header, one line per login, a trailer.
 * BSN and address are pseudonymised under a key made for this export and destroyed at its end
 * (even when writing fails); with a sealer the BSN is also sealed to the recipient. The export is
 * recorded in the audit log (who, which period, how many logins, how it was pseudonymised).
 */
export async function writeResearchExport(
  deps: { db: Db; keyring: Keyring; audit: AuditLog; now: () => Date },
  input: { from: Date; to: Date; write: (line: string) => Promise<void>; sealer?: Sealer; actor: AuditEntry['actor']; progress?: ExportProgress; pageSize?: number },
): Promise<{ exportId: string; rows: number }> {
  const exportId = randomUUID();
  const pseudonymiser = createPseudonymiser();
  let rows = 0;
  try {
    const total = await countResearchLogins(deps.db, input);
    input.progress?.start(total);
    await input.write(
      JSON.stringify({
        type: 'header',
        format: RESEARCH_EXPORT_FORMAT,
        export_id: exportId,
        created_at: deps.now().toISOString(),
        period: { from: input.from.toISOString(), to: input.to.toISOString() },
        bsn: input.sealer ? { pseudonym: 'hmac-sha256', sealed: { format: 'jwe-compact', alg: input.sealer.alg, enc: 'A256GCM', kid: input.sealer.kid ?? null } } : { pseudonym: 'hmac-sha256' },
        ip: { pseudonym: 'hmac-sha256', source: 'the address as stored: truncated to /24 (IPv4) or /48 (IPv6); full addresses are never stored' },
        key: 'generated at random for this export only, held in memory, destroyed when the export ended; never stored or shown',
        pages: 'the operations the processing log recorded under the login, with the route pattern when a request caused it',
      }),
    );
    for await (const page of researchLogins(deps, { from: input.from, to: input.to, pageSize: input.pageSize ?? 500 })) {
      for (const login of page) {
        const row: ResearchExportRow = {
          type: 'login',
          login_time: login.loginAt.toISOString(),
          bsn_pseudonym: login.bsn ? pseudonymiser.pseudonym('bsn', login.bsn) : null,
          ...(input.sealer ? { bsn_sealed: login.bsn ? await input.sealer.seal(login.bsn) : null } : {}),
          ip_pseudonym: login.clientAddress ? pseudonymiser.pseudonym('ip', login.clientAddress) : null,
          ip_prefix: login.clientAddress ? (/\/\d+$/.exec(login.clientAddress)?.[0] ?? null) : null,
          user_agent: login.userAgentClass,
          assurance: login.assurance,
          pages: login.pages,
        };
        await input.write(JSON.stringify(row));
        rows += 1;
      }
      input.progress?.advance(page.length);
    }
    await input.write(JSON.stringify({ type: 'trailer', export_id: exportId, rows, key: 'destroyed' }));
  } finally {
    pseudonymiser.destroy();
    input.progress?.stop();
  }
  await deps.db.transaction().execute((trx) =>
    deps.audit.append(trx, {
      actor: input.actor,
      action: 'research-export.write',
      target: { type: 'research-export', id: exportId },
      after: { from: input.from.toISOString(), to: input.to.toISOString(), rows, bsn: input.sealer ? 'hmac-sha256 + jwe' : 'hmac-sha256', recipientKeyId: input.sealer?.kid ?? null, key: 'destroyed' },
    }),
  );
  return { exportId, rows };
}
