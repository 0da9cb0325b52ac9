import type { Migration } from 'kysely';
import * as activityActor from './0007-activity-actor.ts';

/** Identity's migrations, by name (forward only). */
export const identityMigrations: Record<string, Migration> = { '0007-activity-actor': activityActor };
