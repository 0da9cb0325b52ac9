import './schema.ts';
import type { AuditLog } from '../audit/index.ts';
import type { Keyring } from '../platform/crypto/keyring.ts';
import type { Db } from '../platform/db/database.ts';
import type { PortalModule } from '../platform/module.ts';
import type { Logger } from 'pino';
import { retentionPurges } from './purges.ts';
import { runRetention } from './retention-run.ts';

export { activeLegalHolds, HOLD_RECORD_TYPES, LegalHoldInputError, loadLegalHolds, placeLegalHold, releaseLegalHold } from './legal-holds.ts';
export { retentionPurges } from './purges.ts';
export { RETENTION_ACTOR, runRetention, type PurgeOutcome, type RetentionProgress } from './retention-run.ts';
export { retentionMigrations } from './migrations/index.ts';
export { RETENTION_HELP, retentionCommand } from './cli.ts';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** Retention (R25): the worker's daily purge of every category; holds and the CLI live beside it. */
export function createRetentionModule(deps: { db: Db; audit: AuditLog; keyring: Keyring; now: () => Date; logger: Logger }): PortalModule {
  let lastRunAt: number | null = null;
  return {
    name: 'retention',
    jobs: [
      {
        name: 'retention',
        // Checked hourly, run once a day: a worker restarted more often than daily still purges.
        intervalMs: HOUR_MS,
        async run() {
          if (lastRunAt !== null && deps.now().getTime() - lastRunAt < DAY_MS) return;
          lastRunAt = deps.now().getTime();
          const outcomes = await runRetention({ db: deps.db, audit: deps.audit, now: deps.now, purges: retentionPurges({ keyring: deps.keyring }), batchSize: 1000 });
          deps.logger.info({ job: 'retention', purged: outcomes.filter((outcome) => outcome.purged > 0) }, 'retention run done');
        },
      },
    ],
  };
}
