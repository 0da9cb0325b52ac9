import { v7 as uuidv7 } from 'uuid';
import type { Keyring } from '../platform/crypto/keyring.ts';
import type { Db } from '../platform/db/database.ts';
import type { SessionEnd } from '../platform/http/sessions.ts';
import { accountsStore, type ProcessingRecord } from './accounts-store.ts';
import { newOperationId, SECURITY_ACTIVITY, SESSION_OPERATIONS, traceIdOf, truncateAddress, USAGE_ACTIVITY, userAgentClass, type RequestOrigin } from './processing-log.ts';
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

/** A request's origin as the platform sees it; stored only truncated and classified. */
export interface RawOrigin {
  clientAddress?: string | null;
  userAgent?: string | null;
  route?: string | null;
  traceparent?: string | null;
}

function originOf(raw: RawOrigin | undefined): RequestOrigin & { traceId: string } {
  return { clientAddress: truncateAddress(raw?.clientAddress), userAgentClass: userAgentClass(raw?.userAgent), route: raw?.route ?? null, traceId: traceIdOf(raw?.traceparent) };
}

/** One usage record of the citizen `subjectId` (R5), acted by `actorId`. */
function usageRecord(input: { subjectId: string; actorId: string | null; name: string; detail?: string | null; loginId?: string | null; at: Date; origin?: RawOrigin }): ProcessingRecord {
  const origin = originOf(input.origin);
  return {
    traceId: origin.traceId,
    operationId: newOperationId(),
    name: input.name,
    status: 1,
    startTime: input.at,
    endTime: input.at,
    activity: USAGE_ACTIVITY,
    subjectId: input.subjectId,
    actorId: input.actorId,
    loginId: input.loginId ?? null,
    detail: input.detail ?? null,
    clientAddress: origin.clientAddress,
    userAgentClass: origin.userAgentClass,
    route: origin.route,
  };
}

/** Accounts keyed on the BSN (R2): activated at first login, following the population register. */
export function createAccounts(deps: AccountsDeps) {
  const { db, keyring, register, now } = deps;

  const hashBsn = (bsn: string) => keyring.lookupHash(bsn, BSN_PURPOSE);
  // Lookups match every HMAC version, so accounts written before a lookup-key rotation are found.
  const bsnHashes = (bsn: string) => keyring.lookupHashes(bsn, BSN_PURPOSE);

  /** The account for a BSN, created (not yet activated) when there is none; safe under concurrency. */
  async function ensureAccount(trx: Db, bsn: string): Promise<string> {
    const existing = await accountsStore.findCitizenIdByBsnHash(trx, bsnHashes(bsn));
    if (existing) return existing;
    const candidate = uuidv7();
    const created = await accountsStore.insertCitizen(trx, {
      citizenId: candidate,
      bsnHash: hashBsn(bsn),
      bsnEncrypted: keyring.encryptText(bsn, fieldContext(candidate, 'bsn')),
      activatedAt: null,
    });
    const citizenId = created ? candidate : await accountsStore.findCitizenIdByBsnHash(trx, bsnHashes(bsn));
    if (!citizenId) throw new Error('account lookup failed after insert');
    return citizenId;
  }

  return {
    hashBsn,

    ensureAccount,

    /** Accounts for many BSNs at once (one query), keyed by BSN. */
    async findAccounts(trx: Db, bsns: string[]): Promise<Map<string, { citizenId: string; activated: boolean; deceased: boolean }>> {
      const hashes = new Map(bsns.flatMap((bsn) => bsnHashes(bsn).map((hash) => [hash.toString('hex'), bsn] as const)));
      const rows = await accountsStore.findByBsnHashes(trx, [...hashes.keys()].map((hex) => Buffer.from(hex, 'hex')));
      const result = new Map<string, { citizenId: string; activated: boolean; deceased: boolean }>();
      for (const row of rows) {
        const bsn = hashes.get(Buffer.from(row.bsn_hash).toString('hex'));
        if (bsn) result.set(bsn, { citizenId: row.citizen_id, activated: row.activated_at !== null, deceased: row.deceased_at !== null });
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
      // An account answers without the register (R2: the population is provisioned before a wave);
      // a death from the register's change file closes it for delivery.
      for (const [bsn, account] of known) {
        result.set(bsn, account.deceased ? { kind: 'refused', reason: 'no-account-possible' } : { kind: 'account', citizenId: account.citizenId, activated: account.activated });
      }
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
      return accountsStore.findCitizenIdByBsnHash(db, bsnHashes(bsn));
    },

    /**
     * Checks the register, activates the account on first login and opens a login-history entry.
     * Refused people get no account and no history.
     */
    async logIn(input: { bsn: string; assurance: AssuranceLevel; db?: Db; origin?: RawOrigin }): Promise<LoginOutcome> {
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
        await accountsStore.startLogin(trx, { citizenId, loginId, assurance: input.assurance, now: at });
        // The session start is one record: the usage history shows it, the security log reads it too.
        await accountsStore.insertProcessings(trx, [
          ...(firstLogin ? [usageRecord({ subjectId: citizenId, actorId: citizenId, name: 'account-activated', loginId, at, origin: input.origin })] : []),
          usageRecord({ subjectId: citizenId, actorId: citizenId, name: 'login', detail: input.assurance, loginId, at, origin: input.origin }),
        ]);
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
      if (end.reason === 'logout') await accountsStore.insertProcessings(trx, [usageRecord({ subjectId: citizenId, actorId: citizenId, name: 'logout', loginId, at: end.endedAt })]);
      // Ended from another of the citizen's sessions ("log out everywhere else"): still the citizen's own logout.
      else if (end.reason === 'ended-elsewhere') await accountsStore.insertProcessings(trx, [usageRecord({ subjectId: citizenId, actorId: citizenId, name: 'logout', detail: end.reason, loginId, at: end.endedAt })]);
      else if (end.reason !== 'replaced') await accountsStore.insertProcessings(trx, [usageRecord({ subjectId: citizenId, actorId: null, name: 'session-expired', detail: end.reason, loginId, at: end.endedAt })]);
    },

    /**
     * Records an action in the usage history of `citizenId` (the subject, R5), with who acted
     * (`actorId`: the citizen, a representative, or null for the system). Details hold no personal data.
     */
    async recordActivity(input: { citizenId: string; actorId: string | null; action: string; detail?: string | null; loginId?: string | null; db?: Db }): Promise<void> {
      await accountsStore.insertProcessings(input.db ?? db, [usageRecord({ subjectId: input.citizenId, actorId: input.actorId, name: input.action, detail: input.detail, loginId: input.loginId, at: now() })]);
    },

    /** Records many usage-history entries in one insert (e.g. a batch of notifications). */
    async recordActivities(entries: { citizenId: string; action: string; detail?: string | null }[], trx?: Db): Promise<void> {
      const at = now();
      // Entries recorded in bulk are the system's own (e.g. notification mails): no actor.
      await accountsStore.insertProcessings(trx ?? db, entries.map((entry) => usageRecord({ subjectId: entry.citizenId, actorId: null, name: entry.action, detail: entry.detail, at })));
    },

    /**
     * Records a security event (R23): a failed or refused login, a CSRF or authorisation refusal, a
     * rate-limit hit, a function failure. The address is stored truncated, the user agent as a class,
     * the route as its pattern. With a subject it concerns that citizen; never personal data in `detail`.
     */
    async recordSecurityEvent(input: { name: string; status?: 0 | 1 | 2; subjectId?: string | null; actorId?: string | null; loginId?: string | null; detail?: string | null; origin?: RawOrigin; mandateId?: string | null; mandateService?: string | null }): Promise<void> {
      const at = now();
      const origin = originOf(input.origin);
      await accountsStore.insertProcessings(db, [
        {
          traceId: origin.traceId,
          operationId: newOperationId(),
          name: input.name,
          status: input.status ?? 2,
          startTime: at,
          endTime: at,
          activity: SECURITY_ACTIVITY,
          subjectId: input.subjectId ?? null,
          actorId: input.actorId ?? null,
          loginId: input.loginId ?? null,
          detail: input.detail ?? null,
          clientAddress: origin.clientAddress,
          userAgentClass: origin.userAgentClass,
          route: origin.route,
          mandateId: input.mandateId ?? null,
          mandateService: input.mandateService ?? null,
        },
      ]);
    },

    /**
     * Records what a representative did (or tried) for a subject under a mandate (R17): one usage
     * record of the subject with the actor, the mandate and the service; status 2 for a failure.
     * Inside `db` when given, so it commits or rolls back with the action.
     */
    async recordRepresented(input: { subjectId: string; actorId: string; loginId: string; mandateId: string; service: string | null; name: string; ok: boolean | null; detail?: string | null; origin?: RawOrigin; db?: Db }): Promise<string> {
      const record = usageRecord({ subjectId: input.subjectId, actorId: input.actorId, name: input.name, detail: input.detail, loginId: input.loginId, at: now(), origin: input.origin });
      const logId = uuidv7({ msecs: record.startTime.getTime() });
      // ok null: recorded before the action runs (status 0, "unknown"), finished afterwards.
      await accountsStore.insertProcessings(input.db ?? db, [{ ...record, logId, status: input.ok === null ? 0 : input.ok ? 1 : 2, mandateId: input.mandateId, mandateService: input.service }]);
      return logId;
    },

    /** Sets the outcome of a record written before its action ran. */
    async finishRepresented(input: { logId: string; ok: boolean }): Promise<void> {
      await accountsStore.finishProcessing(db, { logId: input.logId, status: input.ok ? 1 : 2, endTime: now() });
    },

    /** The ledger of actions under mandates: for a subject, or by an actor (R17). */
    async representedActions(input: { subjectId?: string; actorId?: string; limit?: number }) {
      return accountsStore.listRepresented(db, { ...input, limit: input.limit ?? 200 });
    },

    /** Whether anything was done under this mandate yet. */
    async mandateUsed(mandateId: string, trx?: Db): Promise<boolean> {
      return accountsStore.mandateUsed(trx ?? db, mandateId);
    },

    /** The population register as accounts asks it (representatives must be in it, adult and alive). */
    register,

    /** The security log for operators: security events and session starts and ends since `since`. */
    async securityEvents(input: { since: Date; limit?: number }) {
      return accountsStore.listSecurityEvents(db, { since: input.since, limit: input.limit ?? 1000, names: SESSION_OPERATIONS });
    },

    /** Deletes security events older than the retention; the usage history is kept by its own rules. */
    async pruneSecurityLog(retentionDays: number, trx: Db = db): Promise<number> {
      return accountsStore.deleteSecurityEventsBefore(trx, new Date(now().getTime() - retentionDays * 24 * 60 * 60 * 1000));
    },

    async revealBsn(citizenId: string): Promise<string> {
      const row = await accountsStore.findCitizen(db, citizenId);
      if (!row) throw new Error('no such citizen');
      return keyring.decryptText(row.bsn_encrypted, fieldContext(citizenId, 'bsn'));
    },

    async findCitizen(citizenId: string) {
      return accountsStore.findCitizen(db, citizenId);
    },

    /** Everything identity holds about the citizen, for the access export (R20): account, logins, usage history. */
    async exportData(citizenId: string) {
      const [citizen, logins, activity] = await Promise.all([accountsStore.findCitizen(db, citizenId), accountsStore.listAllLogins(db, citizenId), accountsStore.listAllActivity(db, citizenId)]);
      if (!citizen) return null;
      return { citizen, bsn: keyring.decryptText(citizen.bsn_encrypted, fieldContext(citizenId, 'bsn')), logins, activity };
    },

    /**
     * When each citizen last logged in themselves (or, before any recorded login, was activated),
     * in one query. Only the citizen's own login sets this: a representative's use does not.
     */
    async lastOwnLogins(citizenIds: string[]): Promise<Map<string, Date>> {
      if (citizenIds.length === 0) return new Map();
      const rows = await accountsStore.lastLogins(db, citizenIds);
      const result = new Map<string, Date>();
      for (const row of rows) {
        const at = row.last_login_at ?? row.activated_at;
        if (at) result.set(row.citizen_id, new Date(at));
      }
      return result;
    },

    async usageHistory(citizenId: string) {
      const [logins, activity] = await Promise.all([accountsStore.listLogins(db, citizenId, 50), accountsStore.listActivity(db, citizenId, 100)]);
      return { logins, activity };
    },
  };
}

export type Accounts = ReturnType<typeof createAccounts>;
