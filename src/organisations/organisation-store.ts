import type { Db } from '../platform/db/database.ts';

const columns = ['organisation_id', 'oin', 'name', 'capabilities', 'mandatory_channel', 'active'] as const;

/** SQL for the registry of connected organisations; the API key is only ever read or written as its hash. */
export const organisationStore = {
  async oinExists(db: Db, oin: string): Promise<boolean> {
    const row = await db.selectFrom('organisations').select('oin').where('oin', '=', oin).executeTakeFirst();
    return row !== undefined;
  },

  /** Inserts an active organisation and returns its row. */
  async insert(
    db: Db,
    input: { organisationId: string; oin: string; name: string; capabilities: string[]; mandatoryChannel: boolean; apiKeyHash: Uint8Array; now: Date },
  ) {
    return db
      .insertInto('organisations')
      .values({
        organisation_id: input.organisationId,
        oin: input.oin,
        name: input.name,
        capabilities: input.capabilities,
        mandatory_channel: input.mandatoryChannel,
        active: true,
        api_key_hash: input.apiKeyHash,
        created_at: input.now,
      })
      .returning(columns)
      .executeTakeFirstOrThrow();
  },

  /** Sets the organisation's message retention period (null: the portal's default); returns the previous value, undefined when no such OIN. */
  async setMessageRetentionDays(db: Db, input: { oin: string; days: number | null }): Promise<{ previous: number | null } | undefined> {
    const before = await db.selectFrom('organisations').select('message_retention_days').where('oin', '=', input.oin).forUpdate().executeTakeFirst();
    if (!before) return undefined;
    await db.updateTable('organisations').set({ message_retention_days: input.days }).where('oin', '=', input.oin).execute();
    return { previous: before.message_retention_days };
  },

  async findByOin(db: Db, oin: string) {
    return db.selectFrom('organisations').select(columns).where('oin', '=', oin).executeTakeFirst();
  },

  async findByApiKeyHash(db: Db, apiKeyHash: Uint8Array) {
    return db.selectFrom('organisations').select(columns).where('api_key_hash', '=', apiKeyHash).executeTakeFirst();
  },

  async findById(db: Db, organisationId: string) {
    return db.selectFrom('organisations').select(columns).where('organisation_id', '=', organisationId).executeTakeFirst();
  },

  /** Every organisation, by name. */
  async listByName(db: Db) {
    return db.selectFrom('organisations').select(columns).orderBy('name').execute();
  },

  async update(db: Db, organisationId: string, changes: Partial<{ name: string; capabilities: string[]; mandatory_channel: boolean; oin: string; active: boolean }>) {
    let query = db.updateTable('organisations').where('organisation_id', '=', organisationId);
    query = Object.keys(changes).length > 0 ? query.set(changes) : query.set({ organisation_id: organisationId });
    return query.returning(columns).executeTakeFirstOrThrow();
  },

  async setActive(db: Db, oin: string, active: boolean): Promise<void> {
    await db.updateTable('organisations').set({ active }).where('oin', '=', oin).execute();
  },
};
