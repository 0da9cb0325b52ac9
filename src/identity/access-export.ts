import { labelOr } from '../platform/i18n.ts';
import type { ExportInput, ExportSection } from '../platform/module.ts';
import { formatDateTime } from '../platform/i18n.ts';
import type { Accounts } from './accounts.ts';

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

/** Who acted, as the export names it: the citizen, the system, or someone on their behalf (the representation module names them). */
function actorOf(actorId: string | null, citizenId: string): 'self' | 'system' | 'other' {
  if (actorId === null) return 'system';
  return actorId === citizenId ? 'self' : 'other';
}

/** Identity's part of the access export (R20): the account, every login and the whole usage history. */
export async function identityExport(accounts: Accounts, input: ExportInput): Promise<ExportSection | null> {
  const found = await accounts.exportData(input.citizenId);
  if (!found) return null;
  const { t, language } = input;
  const when = (value: Date | string) => formatDateTime(new Date(value), language);
  const account = { bsn: found.bsn, activatedAt: iso(found.citizen.activated_at), lastLoginAt: iso(found.citizen.last_login_at) };
  const logins = found.logins.map((login) => ({ startedAt: iso(login.started_at), endedAt: iso(login.ended_at), endReason: login.end_reason, assurance: login.assurance }));
  const usageHistory = found.activity.map((entry) => ({
    id: entry.log_id,
    at: iso(entry.start_time),
    action: entry.operation_name,
    detail: entry.detail,
    actor: actorOf(entry.actor_citizen_id, input.citizenId),
    deviceClass: entry.user_agent_class,
  }));
  return {
    id: 'account',
    title: t('export.account.title'),
    data: { account, logins, usageHistory },
    entries: [
      {
        title: t('export.account.details'),
        fields: [
          [t('export.account.bsn'), found.bsn],
          [t('export.account.activatedAt'), found.citizen.activated_at ? when(found.citizen.activated_at) : '—'],
          [t('export.account.lastLoginAt'), found.citizen.last_login_at ? when(found.citizen.last_login_at) : '—'],
        ],
      },
      ...found.logins.map((login) => ({
        title: t('export.account.login', { at: when(login.started_at) }),
        fields: [
          [t('export.account.loginEnded'), login.ended_at ? when(login.ended_at) : '—'],
          [t('export.account.assurance'), login.assurance],
        ] as [string, string][],
      })),
      ...found.activity.map((entry) => ({
        title: `${when(entry.start_time)}: ${labelOr(t, `activity.${entry.operation_name}`, entry.operation_name)}`,
        fields: [[t('export.account.actor'), t(`export.actor.${actorOf(entry.actor_citizen_id, input.citizenId)}`)]] as [string, string][],
      })),
    ],
  };
}
