import type { Db } from '../platform/db/database.ts';

const accountColumns = [
  'account_id',
  'organisation_id',
  'username',
  'full_name',
  'status',
  'business_phone',
  'business_email',
  'last_ip_address',
  'contact_person',
  'operator_staff',
  'last_login_at',
  'failed_logins',
  'password_changed_at',
  'roles',
  'created_at',
] as const;

export interface AccountRowInput {
  accountId: string;
  organisationId: string | null;
  username: string;
  fullName: string;
  businessPhone: string | null;
  businessEmail: string | null;
  contactPerson: boolean;
  operatorStaff: boolean;
  passwordHash: string;
  totpSecretEncrypted: Uint8Array;
  roles: string[];
  now: Date;
}

/** SQL for console accounts and their login attempts. */
export const accountStore = {
  async insert(db: Db, input: AccountRowInput) {
    return db
      .insertInto('console_accounts')
      .values({
        account_id: input.accountId,
        organisation_id: input.organisationId,
        username: input.username,
        full_name: input.fullName,
        status: 'active',
        business_phone: input.businessPhone,
        business_email: input.businessEmail,
        contact_person: input.contactPerson,
        operator_staff: input.operatorStaff,
        password_hash: input.passwordHash,
        password_changed_at: input.now,
        totp_secret_encrypted: input.totpSecretEncrypted,
        roles: input.roles,
        created_at: input.now,
      })
      .returning(accountColumns)
      .executeTakeFirstOrThrow();
  },

  async usernameExists(db: Db, username: string): Promise<boolean> {
    return (await db.selectFrom('console_accounts').select('account_id').where('username', '=', username).executeTakeFirst()) !== undefined;
  },

  async findById(db: Db, accountId: string) {
    return db.selectFrom('console_accounts').select(accountColumns).where('account_id', '=', accountId).executeTakeFirst();
  },

  /** The row with its secrets, for the login steps only. */
  async findForLogin(db: Db, username: string) {
    return db.selectFrom('console_accounts').select([...accountColumns, 'password_hash', 'totp_secret_encrypted', 'totp_last_step']).where('username', '=', username).executeTakeFirst();
  },

  async secretsOf(db: Db, accountId: string) {
    return db.selectFrom('console_accounts').select(['password_hash', 'totp_secret_encrypted', 'totp_last_step']).where('account_id', '=', accountId).executeTakeFirst();
  },

  async list(db: Db, organisationId?: string) {
    let query = db.selectFrom('console_accounts').select(accountColumns).orderBy('username');
    if (organisationId) query = query.where('organisation_id', '=', organisationId);
    return query.execute();
  },

  async countAdministrators(db: Db): Promise<number> {
    const row = await db
      .selectFrom('console_accounts')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('status', '=', 'active')
      .where((eb) => eb(eb.val('administrator'), '=', eb.fn.any('roles')))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  },

  async update(
    db: Db,
    accountId: string,
    changes: Partial<{ full_name: string; status: 'active' | 'blocked'; business_phone: string | null; business_email: string | null; contact_person: boolean; operator_staff: boolean; roles: string[]; organisation_id: string | null; failed_logins: number }>,
  ) {
    return db.updateTable('console_accounts').set(changes).where('account_id', '=', accountId).returning(accountColumns).executeTakeFirst();
  },

  async setTotpSecret(db: Db, accountId: string, secretEncrypted: Uint8Array): Promise<void> {
    await db.updateTable('console_accounts').set({ totp_secret_encrypted: secretEncrypted, totp_last_step: null }).where('account_id', '=', accountId).execute();
  },

  async setPassword(db: Db, accountId: string, passwordHash: string, now: Date): Promise<void> {
    await db.updateTable('console_accounts').set({ password_hash: passwordHash, password_changed_at: now }).where('account_id', '=', accountId).execute();
  },

  /** One more failed attempt; blocks the account when the count reaches `blockAt`. Returns the new count and status. */
  async recordFailure(db: Db, accountId: string, blockAt: number) {
    return db
      .updateTable('console_accounts')
      .set((eb) => ({
        failed_logins: eb('failed_logins', '+', 1),
        status: eb.case().when('failed_logins', '>=', blockAt - 1).then('blocked' as const).else(eb.ref('status')).end(),
      }))
      .where('account_id', '=', accountId)
      .returning(['failed_logins', 'status'])
      .executeTakeFirstOrThrow();
  },

  async recordSuccess(db: Db, accountId: string, input: { now: Date; clientAddress: string | null; totpStep: number }): Promise<void> {
    await db
      .updateTable('console_accounts')
      .set({ failed_logins: 0, last_login_at: input.now, last_ip_address: input.clientAddress, totp_last_step: input.totpStep })
      .where('account_id', '=', accountId)
      .execute();
  },

  async insertAttempt(db: Db, input: { accountId: string; at: Date; outcome: string; clientAddress: string | null }): Promise<void> {
    await db.insertInto('console_login_attempts').values({ account_id: input.accountId, attempted_at: input.at, outcome: input.outcome, client_address: input.clientAddress }).execute();
  },

  async attempts(db: Db, accountId: string, limit: number) {
    return db
      .selectFrom('console_login_attempts')
      .select(['attempted_at', 'outcome', 'client_address'])
      .where('account_id', '=', accountId)
      .orderBy('attempted_at', 'desc')
      .orderBy('attempt_id', 'desc')
      .limit(limit)
      .execute();
  },

  /** Retention: login attempts older than `before` go. */
  async deleteAttemptsBefore(db: Db, before: Date): Promise<number> {
    const result = await db.deleteFrom('console_login_attempts').where('attempted_at', '<', before).executeTakeFirst();
    return Number(result.numDeletedRows);
  },
};

export type AccountRow = NonNullable<Awaited<ReturnType<typeof accountStore.findById>>>;
