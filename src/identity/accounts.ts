import { v7 as uuidv7 } from 'uuid';
import type { Keyring } from '../platform/crypto/keyring.ts';
import type { Db } from '../platform/db/database.ts';
import type { SessionEnd } from '../platform/http/sessions.ts';
import { accountsStore } from './accounts-store.ts';
import type { AssuranceLevel } from './assurance.ts';
import { eligibilityOf, type PopulationRegister, type RegisteredPerson } from './population-register.ts';

export type LoginOutcome =
  | { ok: true; citizenId: string; loginId: string; person: RegisteredPerson; firstLogin: boolean }
  | { ok: false; reason: 'unknown' | 'under-14' | 'deceased' };

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

  return {
    hashBsn,

    /** The account for a BSN, if one was ever activated. */
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
        let citizenId = await accountsStore.findCitizenIdByBsnHash(trx, hashBsn(input.bsn));
        let firstLogin = false;
        if (!citizenId) {
          const candidate = uuidv7();
          const created = await accountsStore.insertCitizen(trx, {
            citizenId: candidate,
            bsnHash: hashBsn(input.bsn),
            bsnEncrypted: keyring.encryptText(input.bsn, fieldContext(candidate, 'bsn')),
            now: at,
          });
          citizenId = created ? candidate : await accountsStore.findCitizenIdByBsnHash(trx, hashBsn(input.bsn));
          firstLogin = created;
          if (!citizenId) throw new Error('account lookup failed after insert');
          if (created) await accountsStore.recordActivity(trx, { citizenId, action: 'account-activated', loginId, now: at });
        }
        await accountsStore.startLogin(trx, { citizenId, loginId, assurance: input.assurance, now: at });
        await accountsStore.recordActivity(trx, { citizenId, action: 'login', detail: input.assurance, loginId, now: at });
        return { citizenId, firstLogin };
      });
      return { ok: true, citizenId: result.citizenId, loginId, person: eligibility.person, firstLogin: result.firstLogin };
    },

    /** Closes the login-history entry of an ended session (logout, idle or absolute expiry). */
    async onSessionEnd(end: SessionEnd, trx: Db): Promise<void> {
      const { citizenId, loginId } = end.session;
      if (!citizenId || !loginId) return;
      await accountsStore.endLogin(trx, { citizenId, loginId, endedAt: end.endedAt, reason: end.reason });
      if (end.reason === 'logout') await accountsStore.recordActivity(trx, { citizenId, action: 'logout', loginId, now: end.endedAt });
      else if (end.reason !== 'replaced') await accountsStore.recordActivity(trx, { citizenId, action: 'session-expired', detail: end.reason, loginId, now: end.endedAt });
    },

    /** Records an action in the citizen's usage history (R5); details must not hold personal data. */
    async recordActivity(input: { citizenId: string; action: string; detail?: string | null; loginId?: string | null; db?: Db }): Promise<void> {
      await accountsStore.recordActivity(input.db ?? db, { ...input, now: now() });
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
