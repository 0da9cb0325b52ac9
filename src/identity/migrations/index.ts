import type { Migration } from 'kysely';
import * as activityActor from './0007-activity-actor.ts';
import * as processingLog from './0022-processing-log.ts';
import * as citizenRetentionClock from './0170-citizen-retention-clock.ts';
import * as processingLogMandate from './0100-processing-log-mandate.ts';
import * as citizenDeceased from './0190-citizen-deceased.ts';

/** Identity's migrations, by name (forward only). */
export const identityMigrations: Record<string, Migration> = {
  '0007-activity-actor': activityActor,
  '0022-processing-log': processingLog,
  '0100-processing-log-mandate': processingLogMandate,
  '0170-citizen-retention-clock': citizenRetentionClock,
  '0190-citizen-deceased': citizenDeceased,
};
