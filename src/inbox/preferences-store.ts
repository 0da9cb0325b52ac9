import type { Db } from '../platform/db/database.ts';

/** SQL for message preferences (R8); a citizen without a row for an organisation has it switched on. */
export const preferencesStore = {
  /** The organisations this citizen switched on or off explicitly, with their choice. */
  async listChoices(db: Db, citizenId: string): Promise<Map<string, boolean>> {
    const rows = await db.selectFrom('message_preferences').select(['organisation_id', 'allowed']).where('citizen_id', '=', citizenId).execute();
    return new Map(rows.map((row) => [row.organisation_id, row.allowed]));
  },

  /** Stores one choice, replacing an earlier one. */
  async save(db: Db, input: { citizenId: string; organisationId: string; allowed: boolean; now: Date }): Promise<void> {
    await db
      .insertInto('message_preferences')
      .values({ citizen_id: input.citizenId, organisation_id: input.organisationId, allowed: input.allowed, changed_at: input.now })
      .onConflict((oc) => oc.columns(['citizen_id', 'organisation_id']).doUpdateSet({ allowed: input.allowed, changed_at: input.now }))
      .execute();
  },

  /** For one organisation: the explicit choices of these citizens (absent: switched on). */
  async allowedByCitizen(db: Db, organisationId: string, citizenIds: string[]): Promise<Map<string, boolean>> {
    if (citizenIds.length === 0) return new Map();
    const rows = await db
      .selectFrom('message_preferences')
      .select(['citizen_id', 'allowed'])
      .where('organisation_id', '=', organisationId)
      .where('citizen_id', 'in', citizenIds)
      .execute();
    return new Map(rows.map((row) => [row.citizen_id, row.allowed]));
  },
};
