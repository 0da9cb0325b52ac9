import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './database.ts';
import * as identity from './migrations/0001-identity.ts';
import * as personalData from './migrations/0002-personal-data.ts';
import * as inbox from './migrations/0003-inbox.ts';
import * as cases from './migrations/0004-cases.ts';
import * as notificationLease from './migrations/0005-notification-lease.ts';
import * as pendingLogins from './migrations/0020-pending-logins.ts';

// The baseline: migrations written before modules owned their schema. Forward only; modules add
// theirs in their own folder (src/<module>/migrations) and the composition root passes them in.
const baseline: Record<string, Migration> = {
  '0001-identity': identity,
  '0002-personal-data': personalData,
  '0003-inbox': inbox,
  '0004-cases': cases,
  '0005-notification-lease': notificationLease,
  // The platform's own table (sessions), so it stays here rather than in a module.
  '0020-pending-logins': pendingLogins,
};

class CodeMigrationProvider implements MigrationProvider {
  constructor(private readonly migrations: Record<string, Migration>) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return this.migrations;
  }
}

/**
 * Applies every pending migration (the baseline and the modules'); throws with the failing
 * migration's name. Names are globally numbered, so the modules' interleave with the baseline.
 */
export async function migrateToLatest(db: Db, moduleMigrations: Record<string, Migration> = {}): Promise<string[]> {
  for (const name of Object.keys(moduleMigrations)) if (name in baseline) throw new Error(`migration ${name} is defined twice`);
  const migrations = { ...baseline, ...moduleMigrations };
  // Domains add migrations in parallel branches; order among them does not matter, only that each runs once.
  const migrator = new Migrator({ db, provider: new CodeMigrationProvider(migrations), allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error) {
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${String(error)}`, { cause: error });
  }
  return (results ?? []).map((result) => result.migrationName);
}
