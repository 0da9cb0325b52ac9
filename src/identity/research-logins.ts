import type { Keyring } from '../platform/crypto/keyring.ts';
import type { Db } from '../platform/db/database.ts';
import { fieldContext } from './accounts.ts';
import { researchStore } from './research-store.ts';

/** One login as the research export needs it (R29); the caller pseudonymises BSN and address. */
export interface ResearchLogin {
  loginId: string;
  /** The BSN in clear, in memory only; null for an anonymised account. */
  bsn: string | null;
  loginAt: Date;
  assurance: string;
  /** The client address as the processing log keeps it: truncated to /24 (IPv4) or /48 (IPv6). */
  clientAddress: string | null;
  /** The user agent as the log keeps it: a class, never the string. */
  userAgentClass: string | null;
  /** The operations recorded under this login, with their route pattern when they came from a request. */
  pages: string[];
}

/** Counts the logins of [from, to). */
export function countResearchLogins(db: Db, period: { from: Date; to: Date }): Promise<number> {
  return researchStore.countLogins(db, period);
}

/** The logins of [from, to) in pages of `pageSize`, oldest first; BSNs decrypted in memory. */
export async function* researchLogins(deps: { db: Db; keyring: Keyring }, input: { from: Date; to: Date; pageSize: number }): AsyncGenerator<ResearchLogin[]> {
  let after: { startedAt: Date; loginId: string } | null = null;
  for (;;) {
    const rows = await researchStore.loginsPage(deps.db, { ...input, after, limit: input.pageSize });
    if (rows.length === 0) return;
    const records = await researchStore.recordsOfLogins(deps.db, rows.map((row) => row.login_id));
    yield rows.map((row) => {
      const own = records.filter((record) => record.login_id === row.login_id);
      return {
        loginId: row.login_id,
        bsn: row.anonymised_at ? null : deps.keyring.decryptText(row.bsn_encrypted, fieldContext(row.citizen_id, 'bsn')),
        loginAt: row.started_at,
        assurance: row.assurance,
        clientAddress: own.find((record) => record.client_address)?.client_address ?? null,
        userAgentClass: own.find((record) => record.user_agent_class)?.user_agent_class ?? null,
        pages: own.map((record) => (record.route ? `${record.operation_name} ${record.route}` : record.operation_name)),
      };
    });
    const last = rows[rows.length - 1];
    if (!last || rows.length < input.pageSize) return;
    after = { startedAt: last.started_at, loginId: last.login_id };
  }
}
