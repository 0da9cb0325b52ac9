import type { Logger } from 'pino';
import type { RegisterSettings } from '../config.ts';
import type { Keyring } from '../platform/crypto/keyring.ts';
import type { Db } from '../platform/db/database.ts';
import type { Session } from '../platform/http/sessions.ts';
import {
  fetchBenefits,
  fetchBrp,
  fetchVehicles,
  fetchWoz,
  REGISTER_SOURCES,
  SourceError,
  type ProviderClient,
  type RegisterDataBySource,
  type Registers,
  type RegisterSource,
  type RegisterView,
  type SourceOutcome,
} from '../registers/index.ts';
import { RegisterDataStore, type RegisterDataRow } from './store.ts';

export interface PersonalDataDeps {
  db: Db;
  keyring: Keyring;
  logger: Logger;
  now: () => Date;
  /** The register clients and breakers, shared with identity's population register. */
  registers: Pick<Registers, 'clients' | 'breakers'>;
  settings: Pick<RegisterSettings, 'totalTimeoutMs'>;
}

type Attempt<T> = { ok: true; data: T } | { ok: false };

/** Binds a ciphertext to this login and source: it cannot be read in another session or block. */
function associatedData(loginId: string, source: RegisterSource): string {
  return `session-register:${loginId}:${source}`;
}

/** Persoonlijke Gegevens: fetch the registers at login, keep the answers in the session only (R14–R16). */
export class PersonalData {
  private readonly store: RegisterDataStore;

  constructor(private readonly deps: PersonalDataDeps) {
    this.store = new RegisterDataStore(deps.db);
  }

  /**
   * Fetches every register in parallel (WOZ after the BRP, which gives the address) and stores the
   * answers encrypted in the session. Resolves within the total timeout and never rejects: a
   * source that fails becomes an unavailable block, logged without personal data.
   */
  async fetchAtLogin(input: { session: Session; bsn: string }): Promise<void> {
    const { session, bsn } = input;
    const loginId = session.loginId;
    if (!loginId) return;
    const signal = AbortSignal.timeout(this.deps.settings.totalTimeoutMs);
    const brp = this.attempt('brp', signal, (client) => fetchBrp({ client, bsn, signal }));
    const results = await Promise.all([
      brp.then((result): Attempt<RegisterDataBySource['brp']> => (result.ok ? { ok: true, data: result.data.data } : result)),
      this.attempt('rdw', signal, (client) => fetchVehicles({ client, bsn, signal })),
      brp.then((result): Promise<Attempt<RegisterDataBySource['woz']>> | Attempt<RegisterDataBySource['woz']> => {
        if (!result.ok) return { ok: false };
        const home = result.data.home;
        if (!home) return { ok: true, data: { objects: [] } };
        return this.attempt('woz', signal, (client) => fetchWoz({ client, home, signal }));
      }),
      this.attempt('benefits', signal, (client) => fetchBenefits({ client, bsn, signal })),
    ]);
    const fetchedAt = this.deps.now();
    const rows: RegisterDataRow[] = REGISTER_SOURCES.map((source, index) => {
      const result = results[index];
      if (!result?.ok) return { source, status: 'unavailable', fetchedAt, payloadEncrypted: null };
      const payloadEncrypted = this.deps.keyring.encryptText(JSON.stringify(result.data), associatedData(loginId, source));
      return { source, status: 'ok', fetchedAt, payloadEncrypted };
    });
    await this.store.save(session.hash, rows);
  }

  /** What the session holds per source; a source without (readable) data is unavailable. */
  async view(session: Session): Promise<RegisterView> {
    const rows = new Map((await this.store.list(session.hash)).map((row) => [row.source, row]));
    const outcome = <S extends RegisterSource>(source: S): SourceOutcome<S> => {
      const row = rows.get(source);
      if (!row || row.status !== 'ok' || !row.payloadEncrypted || !session.loginId) return { source, status: 'unavailable', fetchedAt: row?.fetchedAt ?? null };
      try {
        const data = JSON.parse(this.deps.keyring.decryptText(row.payloadEncrypted, associatedData(session.loginId, source))) as RegisterDataBySource[S];
        return { source, status: 'ok', fetchedAt: row.fetchedAt, data };
      } catch {
        this.deps.logger.error({ source }, 'register data in session could not be decrypted');
        return { source, status: 'unavailable', fetchedAt: row.fetchedAt };
      }
    };
    return { brp: outcome('brp'), rdw: outcome('rdw'), woz: outcome('woz'), benefits: outcome('benefits') };
  }

  private async attempt<T>(source: RegisterSource, signal: AbortSignal, task: (client: ProviderClient) => Promise<T>): Promise<Attempt<T>> {
    const client = this.deps.registers.clients[source];
    const started = Date.now();
    if (!client) {
      this.deps.logger.warn({ source }, 'register not configured');
      return { ok: false };
    }
    try {
      const data = await this.deps.registers.breakers.run(source, () => task(client));
      this.deps.logger.info({ source, ms: Date.now() - started }, 'register fetched');
      return { ok: true, data };
    } catch (error) {
      const reason = error instanceof SourceError ? error.kind : 'network';
      const status = error instanceof SourceError ? error.status : undefined;
      this.deps.logger.warn({ source, reason, status, totalDeadlineReached: signal.aborted, ms: Date.now() - started }, 'register unavailable');
      return { ok: false };
    }
  }
}
