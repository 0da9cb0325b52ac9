import { v7 as uuidv7 } from 'uuid';
import type { AuditEntry, AuditLog } from '../audit/index.ts';
import type { Keyring } from '../platform/crypto/keyring.ts';
import type { ConsoleRole, ConsoleUser } from '../platform/console.ts';
import type { Db } from '../platform/db/database.ts';
import { accountStore, type AccountRow } from './account-store.ts';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.ts';
import { newTotpSecret, verifyTotp } from './totp.ts';

export const CONSOLE_ROLES: readonly ConsoleRole[] = ['user', 'administrator', 'organisation', 'planner'];

/**
 * Consecutive failed steps (wrong password or wrong code) after which an account is blocked until an
 * administrator unblocks it. NIST 800-63B allows at most 100; five is enough for typing errors,
 * and with 12-character passwords checked against breach lists it leaves online guessing no chance.
 */
export const BLOCK_AFTER_FAILURES = 5;

/** A refused console input; `key` is a text key (console catalogue), `field` the form field. */
export class ConsoleInputError extends Error {
  constructor(
    readonly key: string,
    readonly field: string,
  ) {
    super(key);
  }
}

/** Who performs a console mutation, for the audit log. */
export interface ConsoleActor {
  kind: 'console' | 'cli';
  id: string;
  name: string;
  clientAddress: string | null;
}

export interface Account {
  accountId: string;
  organisationId: string | null;
  username: string;
  fullName: string;
  status: 'active' | 'blocked';
  businessPhone: string | null;
  businessEmail: string | null;
  lastIpAddress: string | null;
  contactPerson: boolean;
  operatorStaff: boolean;
  lastLoginAt: Date | null;
  failedLogins: number;
  passwordChangedAt: Date;
  roles: ConsoleRole[];
}

export interface NewAccountInput {
  organisationId: string | null;
  username: string;
  fullName: string;
  password: string;
  businessPhone?: string | null;
  businessEmail?: string | null;
  contactPerson: boolean;
  operatorStaff: boolean;
  roles: string[];
}

export interface AccountChanges {
  fullName?: string;
  businessPhone?: string | null;
  businessEmail?: string | null;
  contactPerson?: boolean;
  operatorStaff?: boolean;
  roles?: string[];
  organisationId?: string | null;
}

export type PasswordStep = { kind: 'second-factor'; accountId: string } | { kind: 'refused' } | { kind: 'blocked' };
export type SecondFactorStep = { kind: 'logged-in'; user: Omit<ConsoleUser, 'clientAddress'> } | { kind: 'refused' } | { kind: 'blocked' };

function toAccount(row: AccountRow): Account {
  return {
    accountId: row.account_id,
    organisationId: row.organisation_id,
    username: row.username,
    fullName: row.full_name,
    status: row.status,
    businessPhone: row.business_phone,
    businessEmail: row.business_email,
    lastIpAddress: row.last_ip_address,
    contactPerson: row.contact_person,
    operatorStaff: row.operator_staff,
    lastLoginAt: row.last_login_at ? new Date(row.last_login_at) : null,
    failedLogins: row.failed_logins,
    passwordChangedAt: new Date(row.password_changed_at),
    roles: row.roles.filter((role): role is ConsoleRole => (CONSOLE_ROLES as readonly string[]).includes(role)),
  };
}

export function toConsoleUser(account: Account): Omit<ConsoleUser, 'clientAddress'> {
  return { accountId: account.accountId, username: account.username, fullName: account.fullName, organisationId: account.organisationId, roles: account.roles, operatorStaff: account.operatorStaff };
}

/** What the audit log keeps of an account: no password, no secret, contact details only as "set". */
function auditView(account: Account) {
  return {
    username: account.username,
    fullName: account.fullName,
    organisationId: account.organisationId,
    status: account.status,
    roles: account.roles,
    contactPerson: account.contactPerson,
    operatorStaff: account.operatorStaff,
    businessPhone: account.businessPhone ? 'set' : null,
    businessEmail: account.businessEmail ? 'set' : null,
  };
}

/** The fields that differ, before and after (the audit log's minimised view). */
function difference(before: Record<string, unknown>, after: Record<string, unknown>) {
  const changed = Object.keys(after).filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
  return { before: Object.fromEntries(changed.map((key) => [key, before[key]])), after: Object.fromEntries(changed.map((key) => [key, after[key]])) };
}

function auditEntry(actor: ConsoleActor, action: string, accountId: string, change: { before?: unknown; after?: unknown }): AuditEntry {
  return { actor: { kind: actor.kind, id: actor.id, name: actor.name }, action, target: { type: 'console-account', id: accountId }, ...change, clientAddress: actor.clientAddress };
}

function cleanText(value: string | null | undefined, max: number): string | null {
  const text = (value ?? '').trim();
  return text ? text.slice(0, max) : null;
}

function checkRoles(roles: string[], organisationId: string | null): ConsoleRole[] {
  const unknown = roles.filter((role) => !(CONSOLE_ROLES as readonly string[]).includes(role));
  if (unknown.length > 0 || roles.length === 0) throw new ConsoleInputError('console.error.roles', 'roles');
  // The Organisation role shows one organisation's figures: it needs that organisation.
  if (roles.includes('organisation') && !organisationId) throw new ConsoleInputError('console.error.organisationRole', 'organisationId');
  return [...new Set(roles)] as ConsoleRole[];
}

function checkEmail(value: string | null): string | null {
  if (value && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) throw new ConsoleInputError('console.error.email', 'businessEmail');
  return value;
}

// A fixed argon2id hash to verify against when the username is unknown, so both take equally long.
let dummyHash: Promise<string> | null = null;

/** Console accounts: creation, the two login steps with blocking, and administration (R26). */
export function createConsoleAccounts(deps: { db: Db; keyring: Keyring; audit: AuditLog; now: () => Date }) {
  const { db, keyring, audit } = deps;
  const secretContext = (accountId: string) => `console_accounts:${accountId}:totp`;

  const self = {
    /** Creates an account with a fresh TOTP secret, audited in the same transaction; returns the secret once. */
    async create(input: NewAccountInput, actor: ConsoleActor): Promise<{ account: Account; totpSecret: string }> {
      const username = input.username.trim().toLowerCase();
      if (!/^[a-z0-9._-]{3,64}$/.test(username)) throw new ConsoleInputError('console.error.username', 'username');
      const fullName = cleanText(input.fullName, 200);
      if (!fullName) throw new ConsoleInputError('console.error.fullName', 'fullName');
      const problem = passwordProblem(input.password, username);
      if (problem) throw new ConsoleInputError(`console.error.password.${problem}`, 'password');
      const roles = checkRoles(input.roles, input.organisationId);
      const businessEmail = checkEmail(cleanText(input.businessEmail, 254));
      const passwordHash = await hashPassword(input.password);
      const totpSecret = newTotpSecret();
      const accountId = uuidv7();
      const account = await db.transaction().execute(async (trx) => {
        if (await accountStore.usernameExists(trx, username)) throw new ConsoleInputError('console.error.usernameTaken', 'username');
        const row = await accountStore.insert(trx, {
          accountId,
          organisationId: input.organisationId,
          username,
          fullName,
          businessPhone: cleanText(input.businessPhone, 40),
          businessEmail,
          contactPerson: input.contactPerson,
          operatorStaff: input.operatorStaff,
          passwordHash,
          totpSecretEncrypted: keyring.encryptText(totpSecret, secretContext(accountId)),
          roles,
          now: deps.now(),
        });
        const created = toAccount(row);
        await audit.append(trx, auditEntry(actor, 'account.create', accountId, { after: auditView(created) }));
        return created;
      });
      return { account, totpSecret };
    },

    async get(accountId: string): Promise<Account | null> {
      const row = await accountStore.findById(db, accountId);
      return row ? toAccount(row) : null;
    },

    async list(organisationId?: string): Promise<Account[]> {
      return (await accountStore.list(db, organisationId)).map(toAccount);
    },

    async loginAttempts(accountId: string, limit = 20) {
      return (await accountStore.attempts(db, accountId, limit)).map((row) => ({ at: new Date(row.attempted_at), outcome: row.outcome, clientAddress: row.client_address }));
    },

    /** Step one: the password. Every failure counts towards blocking; unknown names take as long. */
    async checkPassword(usernameInput: string, password: string, clientAddress: string | null): Promise<PasswordStep> {
      const username = usernameInput.trim().toLowerCase();
      const row = await accountStore.findForLogin(db, username);
      if (!row) {
        dummyHash ??= hashPassword('not a console password, only for timing');
        await verifyPassword(await dummyHash, password.slice(0, 256));
        return { kind: 'refused' };
      }
      const at = deps.now();
      if (row.status === 'blocked') {
        await accountStore.insertAttempt(db, { accountId: row.account_id, at, outcome: 'blocked', clientAddress });
        return { kind: 'blocked' };
      }
      if (!(await verifyPassword(row.password_hash, password.slice(0, 256)))) return self.failure(row.account_id, 'wrong-password', clientAddress);
      return { kind: 'second-factor', accountId: row.account_id };
    },

    /** Step two: the TOTP code. A wrong code counts like a wrong password. */
    async checkSecondFactor(accountId: string, code: string, clientAddress: string | null): Promise<SecondFactorStep> {
      const row = await accountStore.findById(db, accountId);
      const secrets = await accountStore.secretsOf(db, accountId);
      if (!row || !secrets) return { kind: 'refused' };
      const at = deps.now();
      if (row.status === 'blocked') {
        await accountStore.insertAttempt(db, { accountId, at, outcome: 'blocked', clientAddress });
        return { kind: 'blocked' };
      }
      const secret = keyring.decryptText(secrets.totp_secret_encrypted, secretContext(accountId));
      const step = await verifyTotp(secret, code, at, secrets.totp_last_step);
      if (step === null) {
        const failed = await self.failure(accountId, 'wrong-code', clientAddress);
        return failed.kind === 'blocked' ? failed : { kind: 'refused' };
      }
      await db.transaction().execute(async (trx) => {
        await accountStore.recordSuccess(trx, accountId, { now: at, clientAddress, totpStep: step });
        await accountStore.insertAttempt(trx, { accountId, at, outcome: 'success', clientAddress });
      });
      return { kind: 'logged-in', user: toConsoleUser(toAccount(row)) };
    },

    async failure(accountId: string, outcome: string, clientAddress: string | null): Promise<{ kind: 'refused' } | { kind: 'blocked' }> {
      return db.transaction().execute(async (trx) => {
        const counted = await accountStore.recordFailure(trx, accountId, BLOCK_AFTER_FAILURES);
        await accountStore.insertAttempt(trx, { accountId, at: deps.now(), outcome, clientAddress });
        return counted.status === 'blocked' ? { kind: 'blocked' as const } : { kind: 'refused' as const };
      });
    },

    /** Changes an account's fields and roles; audited in the same transaction. */
    async update(accountId: string, changes: AccountChanges, actor: ConsoleActor): Promise<Account> {
      return db.transaction().execute(async (trx) => {
        const row = await accountStore.findById(trx, accountId);
        if (!row) throw new ConsoleInputError('console.error.notFound', 'accountId');
        const before = toAccount(row);
        const organisationId = changes.organisationId === undefined ? before.organisationId : changes.organisationId;
        const roles = changes.roles === undefined ? before.roles : checkRoles(changes.roles, organisationId);
        const fullName = changes.fullName === undefined ? before.fullName : cleanText(changes.fullName, 200);
        if (!fullName) throw new ConsoleInputError('console.error.fullName', 'fullName');
        if (actor.id === accountId && before.roles.includes('administrator') && !roles.includes('administrator')) throw new ConsoleInputError('console.error.ownAdministrator', 'roles');
        const updated = await accountStore.update(trx, accountId, {
          full_name: fullName,
          roles,
          organisation_id: organisationId,
          ...(changes.businessPhone === undefined ? {} : { business_phone: cleanText(changes.businessPhone, 40) }),
          ...(changes.businessEmail === undefined ? {} : { business_email: checkEmail(cleanText(changes.businessEmail, 254)) }),
          ...(changes.contactPerson === undefined ? {} : { contact_person: changes.contactPerson }),
          ...(changes.operatorStaff === undefined ? {} : { operator_staff: changes.operatorStaff }),
        });
        if (!updated) throw new ConsoleInputError('console.error.notFound', 'accountId');
        const after = toAccount(updated);
        await audit.append(trx, auditEntry(actor, 'account.update', accountId, difference(auditView(before), auditView(after))));
        return after;
      });
    },

    /** Blocks or unblocks (unblocking also clears the failure count); a blocked account's sessions end. */
    async setStatus(accountId: string, status: 'active' | 'blocked', actor: ConsoleActor, endSessions: (trx: Db) => Promise<void>): Promise<Account> {
      return db.transaction().execute(async (trx) => {
        const row = await accountStore.findById(trx, accountId);
        if (!row) throw new ConsoleInputError('console.error.notFound', 'accountId');
        if (status === 'blocked' && actor.id === accountId) throw new ConsoleInputError('console.error.ownBlock', 'status');
        const updated = await accountStore.update(trx, accountId, { status, ...(status === 'active' ? { failed_logins: 0 } : {}) });
        if (!updated) throw new ConsoleInputError('console.error.notFound', 'accountId');
        if (status === 'blocked') await endSessions(trx);
        await audit.append(trx, auditEntry(actor, status === 'blocked' ? 'account.block' : 'account.unblock', accountId, { before: { status: row.status, failedLogins: row.failed_logins }, after: { status, failedLogins: updated.failed_logins } }));
        return toAccount(updated);
      });
    },

    /** Sets a new password (NIST rules) and a new TOTP secret; returns the secret once. Audited. */
    async resetCredentials(accountId: string, password: string, actor: ConsoleActor): Promise<string> {
      const totpSecret = newTotpSecret();
      const row = await accountStore.findById(db, accountId);
      if (!row) throw new ConsoleInputError('console.error.notFound', 'accountId');
      const problem = passwordProblem(password, row.username);
      if (problem) throw new ConsoleInputError(`console.error.password.${problem}`, 'password');
      const passwordHash = await hashPassword(password);
      await db.transaction().execute(async (trx) => {
        await accountStore.setPassword(trx, accountId, passwordHash, deps.now());
        await accountStore.setTotpSecret(trx, accountId, keyring.encryptText(totpSecret, secretContext(accountId)));
        await audit.append(trx, auditEntry(actor, 'account.reset-credentials', accountId, { after: { password: 'changed', secondFactor: 'changed' } }));
      });
      return totpSecret;
    },

    /** The account holder changes their own password: the current one is checked first. Audited. */
    async changeOwnPassword(accountId: string, current: string, next: string, actor: ConsoleActor): Promise<void> {
      const row = await accountStore.findById(db, accountId);
      const secrets = await accountStore.secretsOf(db, accountId);
      if (!row || !secrets) throw new ConsoleInputError('console.error.notFound', 'current');
      if (!(await verifyPassword(secrets.password_hash, current.slice(0, 256)))) throw new ConsoleInputError('console.error.currentPassword', 'current');
      const problem = passwordProblem(next, row.username);
      if (problem) throw new ConsoleInputError(`console.error.password.${problem}`, 'password');
      const passwordHash = await hashPassword(next);
      await db.transaction().execute(async (trx) => {
        await accountStore.setPassword(trx, accountId, passwordHash, deps.now());
        await audit.append(trx, auditEntry(actor, 'account.change-own-password', accountId, { after: { password: 'changed' } }));
      });
    },

    async deleteAttemptsBefore(before: Date): Promise<number> {
      return accountStore.deleteAttemptsBefore(db, before);
    },

    async activeAdministrators(): Promise<number> {
      return accountStore.countAdministrators(db);
    },
  };
  return self;
}

export type ConsoleAccounts = ReturnType<typeof createConsoleAccounts>;
