import { v7 as uuidv7 } from 'uuid';
import type { Keyring } from '../platform/crypto/keyring.ts';
import type { Db } from '../platform/db/database.ts';
import type { SessionEnd } from '../platform/http/sessions.ts';
import { accountsStore } from './accounts-store.ts';
import type { AssuranceLevel } from './assurance.ts';
import { eligibilityOf, PopulationRegisterUnavailable, type PopulationRegister, type RegisteredPerson } from './population-register.ts';

export type LoginOutcome =
  | { ok: true; citizenId: string; loginId: string; person: RegisteredPerson; firstLogin: boolean; previousLoginAt: Date | null }
  | { ok: false; reason: 'unknown' | 'under-14' | 'deceased' };

/**
 * What one BSN resolves to for a sender: an account (activated or not), a person who may have an
 * account but has none yet, or a refusal. Refusals say only what the register says.
 */
export type Recipient =
  | { kind: 'account'; citizenId: string; activated: boolean }
  | { kind: 'no-account' }
  | { kind: 'refused'; reason: 'unknown' | 'no-account-possible' }
  /** The population register could not be asked (timeout, error, open breaker); retry later. */
  | { kind: 'unavailable' };

export interface AccountsDeps {
  db: Db;
  keyring: Keyring;
  register: PopulationRegister;
  now: () => Date;
}

const BSN_PURPOSE = 'bsn';

/** The associated data that ties an encrypted field to its owner and meaning. */
export function fieldContext(citizenId: string, field: string): string {
  return `citizen:${citizenId}:${field}`;
}

/** Accounts keyed on the BSN (R2): activated at first login, following the population register. */
export function createAccounts(deps: AccountsDeps) {
  const { db, keyring, register, now } = deps;

  const hashBsn = (bsn: string) => keyring.lookupHash(bsn, BSN_PURPOSE);

  /** The account for a BSN, created (not yet activated) when there is none; safe under concurrency. */
  async function ensureAccount(trx: Db, bsn: string): Promise<string> {
    const existing = await accountsStore.findCitizenIdByBsnHash(trx, hashBsn(bsn));
    if (existing) return existing;
    const candidate = uuidv7();
    const created = await accountsStore.insertCitizen(trx, {
      citizenId: candidate,
      bsnHash: hashBsn(bsn),
      bsnEncrypted: keyring.encryptText(bsn, fieldContext(candidate, 'bsn')),
      activatedAt: null,
    });
    const citizenId = created ? candidate : await accountsStore.findCitizenIdByBsnHash(trx, hashBsn(bsn));
    if (!citizenId) throw new Error('account lookup failed after insert');
    return citizenId;
  }

  return {
    hashBsn,

    ensureAccount,

    /** Accounts for many BSNs at once (one query), keyed by BSN. */
    async findAccounts(trx: Db, bsns: string[]): Promise<Map<string, { citizenId: string; activated: boolean }>> {
      const hashes = new Map(bsns.map((bsn) => [hashBsn(bsn).toString('hex'), bsn]));
      const rows = await accountsStore.findByBsnHashes(trx, [...hashes.keys()].map((hex) => Buffer.from(hex, 'hex')));
      const result = new Map<string, { citizenId: string; activated: boolean }>();
      for (const row of rows) {
        const bsn = hashes.get(Buffer.from(row.bsn_hash).toString('hex'));
        if (bsn) result.set(bsn, { citizenId: row.citizen_id, activated: row.activated_at !== null });
      }
      return result;
    },

    /**
     * The one recipient resolution that every sender uses (messages, cases). BSNs with an account
     * need no register call; the others are asked of the population register in batches, and with
     * `createMissing` those who may have an account get one, not yet activated (R2), in `db`.
     * When the register cannot answer, those BSNs resolve to `unavailable`; the rest still resolve.
     */
    async resolveRecipients(input: { bsns: string[]; createMissing: boolean; db?: Db }): Promise<Map<string, Recipient>> {
      const trx = input.db ?? db;
      const bsns = [...new Set(input.bsns)];
      const result = new Map<string, Recipient>();
      const known = await this.findAccounts(trx, bsns);
      for (const [bsn, account] of known) result.set(bsn, { kind: 'account', ...account });
      const unknown = bsns.filter((bsn) => !known.has(bsn));
      if (unknown.length === 0) return result;
      let people: Map<string, RegisteredPerson>;
      try {
        people = await register.findByBsns(unknown);
      } catch (error) {
        if (!(error instanceof PopulationRegisterUnavailable)) throw error;
        for (const bsn of unknown) result.set(bsn, { kind: 'unavailable' });
        return result;
      }
      for (const bsn of unknown) {
        const eligibility = eligibilityOf(people.get(bsn) ?? null, now());
        if (!eligibility.eligible) result.set(bsn, { kind: 'refused', reason: eligibility.reason === 'unknown' ? 'unknown' : 'no-account-possible' });
        else if (input.createMissing) result.set(bsn, { kind: 'account', citizenId: await ensureAccount(trx, bsn), activated: false });
        else result.set(bsn, { kind: 'no-account' });
      }
      return result;
    },

    /** The account for a BSN, if one exists. */
    async findCitizenIdByBsn(bsn: string): Promise<string | null> {
      return accountsStore.findCitizenIdByBsnHash(db, hashBsn(bsn));
    },

    /**
     * Checks the register, activates the account on first login and opens a login-history entry.
     * Refused people get no account and no history.
     */
    async logIn(input: { bsn: string; assurance: AssuranceLevel; db?: Db }): Promise<LoginOutcome> {
      const person = await register.findByBsn(input.bsn);
      const eligibility = eligibilityOf(person, now());
      if (!eligibility.eligible) return { ok: false, reason: eligibility.reason };
      const loginId = uuidv7();
      const result = await (input.db ?? db).transaction().execute(async (trx) => {
        const at = now();
        const citizenId = await ensureAccount(trx, input.bsn);
        const previous = (await accountsStore.findCitizen(trx, citizenId))?.last_login_at ?? null;
        // The first login activates the account, whether or not a delivery created it earlier.
        const firstLogin = await accountsStore.activate(trx, citizenId, at);
        if (firstLogin) await accountsStore.recordActivity(trx, { citizenId, actorId: citizenId, action: 'account-activated', loginId, now: at });
        await accountsStore.startLogin(trx, { citizenId, loginId, assurance: input.assurance, now: at });
        await accountsStore.recordActivity(trx, { citizenId, actorId: citizenId, action: 'login', detail: input.assurance, loginId, now: at });
        return { citizenId, firstLogin, previousLoginAt: previous ? new Date(previous) : null };
      });
      return { ok: true, loginId, person: eligibility.person, ...result };
    },

    /** Activates an account as of `at` (demo data: an account that has been in use for a while). */
    async activate(input: { citizenId: string; at: Date }): Promise<void> {
      await accountsStore.activate(db, input.citizenId, input.at);
    },

    /** Closes the login-history entry of an ended session (logout, idle or absolute expiry). */
    async onSessionEnd(end: SessionEnd, trx: Db): Promise<void> {
      const { citizenId, loginId } = end.session;
      if (!citizenId || !loginId) return;
      await accountsStore.endLogin(trx, { citizenId, loginId, endedAt: end.endedAt, reason: end.reason });
      if (end.reason === 'logout') await accountsStore.recordActivity(trx, { citizenId, actorId: citizenId, action: 'logout', loginId, now: end.endedAt });
      else if (end.reason !== 'replaced') await accountsStore.recordActivity(trx, { citizenId, actorId: null, action: 'session-expired', detail: end.reason, loginId, now: end.endedAt });
    },

    /**
     * Records an action in the usage history of `citizenId` (the subject, R5), with who acted
     * (`actorId`: the citizen, a representative, or null for the system). Details hold no personal data.
     */
    async recordActivity(input: { citizenId: string; actorId: string | null; action: string; detail?: string | null; loginId?: string | null; db?: Db }): Promise<void> {
      await accountsStore.recordActivity(input.db ?? db, { ...input, now: now() });
    },

    /** Records many usage-history entries in one insert (e.g. a batch of notifications). */
    async recordActivities(entries: { citizenId: string; action: string; detail?: string | null }[], trx?: Db): Promise<void> {
      const at = now();
      await accountsStore.recordActivities(trx ?? db, entries.map((entry) => ({ ...entry, now: at })));
    },

    async revealBsn(citizenId: string): Promise<string> {
      const row = await accountsStore.findCitizen(db, citizenId);
      if (!row) throw new Error('no such citizen');
      return keyring.decryptText(row.bsn_encrypted, fieldContext(citizenId, 'bsn'));
    },

    async findCitizen(citizenId: string) {
      return accountsStore.findCitizen(db, citizenId);
    },

    async usageHistory(citizenId: string) {
      const [logins, activity] = await Promise.all([accountsStore.listLogins(db, citizenId, 50), accountsStore.listActivity(db, citizenId, 100)]);
      return { logins, activity };
    },
  };
}

export type Accounts = ReturnType<typeof createAccounts>;
