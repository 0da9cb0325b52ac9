import type { Migration } from 'kysely';
import * as activityActor from './0007-activity-actor.ts';
import * as processingLog from './0022-processing-log.ts';
import * as citizenDeceased from './0190-citizen-deceased.ts';

/** Identity's migrations, by name (forward only). */
export const identityMigrations: Record<string, Migration> = { '0007-activity-actor': activityActor, '0022-processing-log': processingLog, '0190-citizen-deceased': citizenDeceased };
