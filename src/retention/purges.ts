import { auditRetentionPurges } from '../audit/index.ts';
import { casesRetentionPurges } from '../cases/index.ts';
import { identityRetentionPurges } from '../identity/index.ts';
import { inboxRetentionPurges } from '../inbox/index.ts';
import { notificationsRetentionPurges } from '../notifications/index.ts';
import type { Keyring } from '../platform/crypto/keyring.ts';
import { pendingLoginPurges } from '../platform/http/pending-login-store.ts';
import type { RetentionPurge } from '../platform/retention-purge.ts';
import { RETENTION_DAYS } from '../privacy/index.ts';

/**
 * Every purge the catalogue's rules with `enforcedBy: 'retention'` name, with the catalogue's
 * periods; each module owns the SQL of its own tables. Self-entered data is purged by the profile
 * module's own job; representation data and helpdesk contacts add theirs here.
 */
export function retentionPurges(deps: { keyring: Keyring }): RetentionPurge[] {
  return [
    ...pendingLoginPurges({ days: RETENTION_DAYS.pendingLogin }),
    ...inboxRetentionPurges({ defaultDays: RETENTION_DAYS.messageDefault }),
    ...casesRetentionPurges({ closedCaseDays: RETENTION_DAYS.closedCase }),
    ...notificationsRetentionPurges({ logDays: RETENTION_DAYS.notificationLog }),
    ...identityRetentionPurges({ keyring: deps.keyring, days: { accountWithoutLogin: RETENTION_DAYS.accountWithoutLogin, usageAndLogins: RETENTION_DAYS.usageAndLogins } }),
    // Last, so this run's own audit records are never among what it drops.
    ...auditRetentionPurges(),
  ];
}
