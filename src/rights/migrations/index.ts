import type { Migration } from 'kysely';
import * as accessExports from './0140-access-exports.ts';
import * as rightsRequests from './0141-rights-requests.ts';
import * as rightsRequestLookup from './0142-rights-request-lookup.ts';

/** The rights module's migrations, by name (forward only). */
export const rightsMigrations: Record<string, Migration> = {
  '0140-access-exports': accessExports,
  '0141-rights-requests': rightsRequests,
  '0142-rights-request-lookup': rightsRequestLookup,
};
