import type { Db } from '../platform/db/database.ts';

/** Login data of a period for the research export (R29), read in keyset pages. */
export const researchStore = {
  async countLogins(db: Db, input: { from: Date; to: Date }): Promise<number> {
    const row = await db
      .selectFrom('login_history')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('started_at', '>=', input.from)
      .where('started_at', '<', input.to)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  },

  /** Logins started in [from, to), after the given (started_at, login_id), oldest first, with the sealed BSN. */
  loginsPage(db: Db, input: { from: Date; to: Date; after: { startedAt: Date; loginId: string } | null; limit: number }) {
    return db
      .selectFrom('login_history')
      .innerJoin('citizens', 'citizens.citizen_id', 'login_history.citizen_id')
      .select(['login_history.login_id', 'login_history.citizen_id', 'login_history.started_at', 'login_history.assurance', 'citizens.bsn_encrypted', 'citizens.anonymised_at'])
      .where('login_history.started_at', '>=', input.from)
      .where('login_history.started_at', '<', input.to)
      .$if(input.after !== null, (query) => {
        const after = input.after as { startedAt: Date; loginId: string };
        return query.where((eb) =>
          eb.or([eb('login_history.started_at', '>', after.startedAt), eb.and([eb('login_history.started_at', '=', after.startedAt), eb('login_history.login_id', '>', after.loginId)])]),
        );
      })
      .orderBy('login_history.started_at')
      .orderBy('login_history.login_id')
      .limit(input.limit)
      .execute();
  },

  /** What the processing log holds for these logins: operation, route, address and device class, in time order. */
  recordsOfLogins(db: Db, loginIds: string[]) {
    if (loginIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('processing_log')
      .select(['login_id', 'operation_name', 'route', 'client_address', 'user_agent_class', 'start_time'])
      .where('login_id', 'in', loginIds)
      .orderBy('start_time')
      .orderBy('log_id')
      .execute();
  },
};
