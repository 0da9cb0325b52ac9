import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/database.ts';
import { closeFinishedMonths, createAuditLog, loadCheckpointSigner, verifyAuditLog, type AuditLog } from '../audit/index.ts';
import { fieldContext } from '../identity/index.ts';
import { Keyring } from '../platform/crypto/keyring.ts';
import type { DatabaseHandle, Db } from '../platform/db/database.ts';
import { RETENTION_DAYS } from '../privacy/index.ts';
import { retentionCommand } from './cli.ts';
import { activeLegalHolds, placeLegalHold, releaseLegalHold } from './legal-holds.ts';
import { retentionPurges } from './purges.ts';
import { runRetention, type RetentionProgress } from './retention-run.ts';

const DAY = 24 * 60 * 60 * 1000;
/** The test clock: every run happens "now", records are dated relative to it. */
const NOW = new Date('2040-06-15T12:00:00Z');
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);

let database: DatabaseHandle;
let db: Db;
const keyring = Keyring.generate();
const audit = createAuditLog({ now: () => NOW });
const operator = { kind: 'cli' as const, id: 'j.jansen', name: 'J. Jansen' };

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(async () => {
  await database?.close();
});

/** Runs the purges of one category on the test clock, with a progress recorder. */
async function purge(category: string, options: { audit?: AuditLog; batchSize?: number } = {}) {
  const seen: { label: string; total: number; advanced: number }[] = [];
  const progress: RetentionProgress = {
    start: (label, total) => seen.push({ label, total, advanced: 0 }),
    advance: (count) => {
      const last = seen[seen.length - 1];
      if (last) last.advanced += count;
    },
    stop: () => undefined,
  };
  const outcomes = await runRetention({
    db,
    audit: options.audit ?? audit,
    now: () => NOW,
    purges: retentionPurges({ keyring }).filter((item) => item.category === category),
    batchSize: options.batchSize ?? 2,
    progress,
  });
  return { outcomes, seen };
}

/** The retention.purge audit records of a category: records per batch. */
async function auditedPurges(category: string): Promise<number[]> {
  const rows = await sql<{ entry: string }>`select entry from audit_log order by seq`.execute(db);
  return rows.rows
    .map((row) => JSON.parse(row.entry) as { action: string; actor: { kind: string }; target: { id: string }; after: { records: number } })
    .filter((entry) => entry.action === 'retention.purge' && entry.target.id === category)
    .map((entry) => {
      expect(entry.actor.kind).toBe('system');
      return entry.after.records;
    });
}

async function citizen(input: { lastLoginAt?: Date | null; createdAt?: Date } = {}): Promise<{ id: string; bsn: string }> {
  const id = randomUUID();
  const bsn = String(100_000_000 + Math.floor(Math.random() * 899_999_999));
  await db.insertInto('citizen_lookup').values({ bsn_hash: keyring.lookupHash(bsn, 'bsn'), citizen_id: id }).execute();
  await db
    .insertInto('citizens')
    .values({ citizen_id: id, bsn_encrypted: keyring.encryptText(bsn, fieldContext(id, 'bsn')), activated_at: input.lastLoginAt ?? null, last_login_at: input.lastLoginAt ?? null, created_at: input.createdAt ?? NOW })
    .execute();
  return { id, bsn };
}

async function organisation(messageRetentionDays: number | null = null): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('organisations')
    .values({ organisation_id: id, oin: randomBytes(10).toString('hex').replace(/\D/g, '1').padEnd(20, '0').slice(0, 20), name: 'Gemeente Test', capabilities: ['inbox', 'cases'], mandatory_channel: false, active: true, created_at: NOW, message_retention_days: messageRetentionDays })
    .execute();
  return id;
}

async function message(input: { citizenId: string; organisationId: string; deliveredAt: Date; retainUntil?: Date | null }): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('messages')
    .values({
      citizen_id: input.citizenId,
      message_id: id,
      organisation_id: input.organisationId,
      reference: id,
      content_hash: randomBytes(32),
      subject_encrypted: randomBytes(16),
      body_encrypted: randomBytes(16),
      legal_consequence: false,
      required_assurance: 'basis',
      visible_from: input.deliveredAt,
      retain_until: input.retainUntil ?? null,
      delivered_at: input.deliveredAt,
      receipt_batch_id: randomUUID(),
      receipt_index: 0,
      receipt_proof: randomBytes(8),
    })
    .execute();
  await db
    .insertInto('message_attachments')
    .values({ citizen_id: input.citizenId, message_id: id, position: 0, filename_encrypted: randomBytes(8), content_type: 'application/pdf', size: 3, sha256: randomBytes(32), content_encrypted: randomBytes(8) })
    .execute();
  return id;
}

async function messageIds(citizenId: string): Promise<string[]> {
  return (await db.selectFrom('messages').select('message_id').where('citizen_id', '=', citizenId).execute()).map((row) => row.message_id);
}

describe('retention per category on the test clock (R25)', () => {
  it("R25: messages go after their retain-until, else after the organisation's period, else the default; a held message stays", async () => {
    const person = await citizen();
    const ownPeriod = await organisation(30);
    const noPeriod = await organisation(null);
    const pastRetainUntil = await message({ citizenId: person.id, organisationId: noPeriod, deliveredAt: ago(10), retainUntil: ago(1) });
    const futureRetainUntil = await message({ citizenId: person.id, organisationId: ownPeriod, deliveredAt: ago(400), retainUntil: ago(-1) });
    const pastOrgPeriod = await message({ citizenId: person.id, organisationId: ownPeriod, deliveredAt: ago(31) });
    const withinOrgPeriod = await message({ citizenId: person.id, organisationId: ownPeriod, deliveredAt: ago(29) });
    const pastDefault = await message({ citizenId: person.id, organisationId: noPeriod, deliveredAt: ago(RETENTION_DAYS.messageDefault + 1) });
    const withinDefault = await message({ citizenId: person.id, organisationId: noPeriod, deliveredAt: ago(RETENTION_DAYS.messageDefault - 1) });
    const held = await message({ citizenId: person.id, organisationId: noPeriod, deliveredAt: ago(20), retainUntil: ago(2) });
    await placeLegalHold({ db, audit, now: () => NOW }, { recordType: 'message', recordId: held, reason: 'Rechtbank Den Haag, zaak 123', actor: operator });

    const { outcomes, seen } = await purge('messages');

    expect(outcomes).toEqual([{ category: 'messages', table: 'messages', purged: 3, batches: 2 }]);
    expect(seen).toEqual([{ label: 'messages (messages)', total: 3, advanced: 3 }]);
    expect((await messageIds(person.id)).sort()).toEqual([futureRetainUntil, withinOrgPeriod, withinDefault, held].sort());
    expect(pastRetainUntil && pastOrgPeriod && pastDefault).toBeTruthy();
    const attachments = await db.selectFrom('message_attachments').select('message_id').where('citizen_id', '=', person.id).execute();
    expect(attachments.map((row) => row.message_id).sort()).toEqual([futureRetainUntil, withinOrgPeriod, withinDefault, held].sort());
    expect(await auditedPurges('messages')).toEqual([2, 1]);
  });

  it('R25: releasing a hold lets the next run purge the record', async () => {
    const person = await citizen();
    const org = await organisation(null);
    const held = await message({ citizenId: person.id, organisationId: org, deliveredAt: ago(20), retainUntil: ago(2) });
    const holdId = await placeLegalHold({ db, audit, now: () => NOW }, { recordType: 'citizen', recordId: person.id, reason: 'onderzoek', actor: operator });
    await purge('messages');
    expect(await messageIds(person.id)).toEqual([held]);
    expect(await releaseLegalHold({ db, audit, now: () => NOW }, { holdId, actor: operator })).toBe(true);
    await purge('messages');
    expect(await messageIds(person.id)).toEqual([]);
    const actions = (await sql<{ entry: string }>`select entry from audit_log order by seq`.execute(db)).rows.map((row) => (JSON.parse(row.entry) as { action: string }).action);
    expect(actions).toContain('legal-hold.place');
    expect(actions).toContain('legal-hold.release');
  });

  it('R25: a purge and its audit record commit together: when the audit record fails, nothing is purged', async () => {
    const person = await citizen();
    const org = await organisation(null);
    const due = await message({ citizenId: person.id, organisationId: org, deliveredAt: ago(20), retainUntil: ago(2) });
    const failing: AuditLog = {
      append: () => Promise.reject(new Error('audit log unavailable')),
    };
    await expect(purge('messages', { audit: failing })).rejects.toThrow('audit log unavailable');
    expect(await messageIds(person.id)).toEqual([due]);
  });

  it('R25: user data: an account without own login for the period is anonymised (BSN and lookup key erased); a held account is kept', async () => {
    const dormant = await citizen({ lastLoginAt: ago(RETENTION_DAYS.accountWithoutLogin + 1) });
    const neverLoggedIn = await citizen({ lastLoginAt: null, createdAt: ago(RETENTION_DAYS.accountWithoutLogin + 5) });
    const recent = await citizen({ lastLoginAt: ago(RETENTION_DAYS.accountWithoutLogin - 1) });
    const held = await citizen({ lastLoginAt: ago(RETENTION_DAYS.accountWithoutLogin + 1) });
    await placeLegalHold({ db, audit, now: () => NOW }, { recordType: 'citizen', recordId: held.id, reason: 'fraudeonderzoek', actor: operator });

    const { outcomes } = await purge('user');

    expect(outcomes[0]?.purged).toBe(2);
    for (const gone of [dormant, neverLoggedIn]) {
      const row = await db.selectFrom('citizens').selectAll().where('citizen_id', '=', gone.id).executeTakeFirstOrThrow();
      expect(row.anonymised_at).toEqual(NOW);
      expect(keyring.decryptText(row.bsn_encrypted, fieldContext(gone.id, 'bsn'))).toBe('');
      expect(await db.selectFrom('citizen_lookup').select('citizen_id').where('citizen_id', '=', gone.id).execute()).toEqual([]);
    }
    for (const kept of [recent, held]) {
      const row = await db.selectFrom('citizens').selectAll().where('citizen_id', '=', kept.id).executeTakeFirstOrThrow();
      expect(row.anonymised_at).toBeNull();
      expect(keyring.decryptText(row.bsn_encrypted, fieldContext(kept.id, 'bsn'))).toBe(kept.bsn);
    }
    expect(await auditedPurges('user')).toEqual([2]);
    expect((await purge('user')).outcomes[0]?.purged).toBe(0);
  });

  it('R25: session and security logs: login history and usage history go after their period; a held citizen keeps them', async () => {
    const person = await citizen();
    const held = await citizen();
    await placeLegalHold({ db, audit, now: () => NOW }, { recordType: 'citizen', recordId: held.id, reason: 'klacht', actor: operator });
    const old = ago(RETENTION_DAYS.usageAndLogins + 1);
    const young = ago(RETENTION_DAYS.usageAndLogins - 1);
    const logins = [
      { citizen_id: person.id, login_id: randomUUID(), started_at: old, assurance: 'midden' },
      { citizen_id: person.id, login_id: randomUUID(), started_at: young, assurance: 'midden' },
      { citizen_id: held.id, login_id: randomUUID(), started_at: old, assurance: 'midden' },
    ];
    await db.insertInto('login_history').values(logins).execute();
    const usage = (subject: string, at: Date) => ({
      log_id: randomUUID(), trace_id: randomBytes(16).toString('hex'), operation_id: randomBytes(8).toString('hex'), operation_name: 'login', status_code: 1,
      start_time: at, end_time: at, processing_activity_id: 'urn:burgerportaal:verwerkingsactiviteit:gebruik', data_subject_id: subject, actor_citizen_id: subject,
    });
    await db.insertInto('processing_log').values([usage(person.id, old), usage(person.id, young), usage(held.id, old)]).execute();

    const { outcomes } = await purge('session-security-logs');

    expect(outcomes.map((outcome) => [outcome.table, outcome.purged])).toEqual([['login_history', 1], ['processing_log', 1]]);
    const loginsLeft = await db.selectFrom('login_history').select(['citizen_id', 'started_at']).where('citizen_id', 'in', [person.id, held.id]).execute();
    expect(loginsLeft).toHaveLength(2);
    expect(loginsLeft.find((row) => row.citizen_id === person.id)?.started_at).toEqual(young);
    const usageLeft = await db.selectFrom('processing_log').select(['data_subject_id', 'start_time']).where('data_subject_id', 'in', [person.id, held.id]).execute();
    expect(usageLeft).toHaveLength(2);
    expect(await auditedPurges('session-security-logs')).toEqual([1, 1]);
  });

  it('R25: visitor data: pending logins left behind go after a day', async () => {
    const session = (createdAt: Date, citizenId: string | null) => ({
      session_hash: randomBytes(32), citizen_id: citizenId, login_id: null, created_at: createdAt, last_seen_at: createdAt, absolute_expires_at: new Date(createdAt.getTime() + DAY), data: '{}',
    });
    const person = await citizen();
    const rows = [session(ago(2), null), session(ago(0.5), null), session(ago(2), person.id)];
    await db.insertInto('sessions').values(rows).execute();

    const { outcomes } = await purge('visitor');

    expect(outcomes[0]?.purged).toBe(1);
    const left = await db.selectFrom('sessions').select('session_hash').execute();
    expect(left.map((row) => Buffer.from(row.session_hash).toString('hex')).sort()).toEqual([rows[1], rows[2]].map((row) => Buffer.from(row?.session_hash ?? []).toString('hex')).sort());
    expect(await auditedPurges('visitor')).toEqual([1]);
  });

  it('R25: notification logs go after their period; a held citizen keeps them', async () => {
    const person = await citizen();
    const held = await citizen();
    await placeLegalHold({ db, audit, now: () => NOW }, { recordType: 'citizen', recordId: held.id, reason: 'klacht', actor: operator });
    const attempt = (citizenId: string, at: Date, number: number) => ({ citizen_id: citizenId, notification_id: randomUUID(), attempt: number, occurred_at: at, outcome: 'sent', detail: null });
    await db
      .insertInto('notification_log')
      .values([attempt(person.id, ago(RETENTION_DAYS.notificationLog + 1), 1), attempt(person.id, ago(RETENTION_DAYS.notificationLog + 2), 1), attempt(person.id, ago(1), 1), attempt(held.id, ago(RETENTION_DAYS.notificationLog + 1), 1)])
      .execute();

    const { outcomes } = await purge('notification-logs');

    expect(outcomes[0]?.purged).toBe(2);
    expect(await db.selectFrom('notification_log').select('occurred_at').where('citizen_id', '=', person.id).execute()).toEqual([{ occurred_at: ago(1) }]);
    expect(await db.selectFrom('notification_log').select('citizen_id').where('citizen_id', '=', held.id).execute()).toHaveLength(1);
    expect(await auditedPurges('notification-logs')).toEqual([2]);
  });

  it('R25: cases go a year after they were closed, with statuses and reference; open and held cases stay', async () => {
    const person = await citizen();
    const org = await organisation();
    const insertCase = async (closed: boolean, lastChangedAt: Date) => {
      const caseId = randomUUID();
      const reference = `Z-${caseId.slice(0, 8)}`;
      await db
        .insertInto('cases')
        .values({ citizen_id: person.id, case_id: caseId, organisation_id: org, reference, source: 'api', case_type: 'x', title: 'x', dossier_url: 'https://x.example', opened_on: '2030-01-01', expected_end_on: null, next_step: null, closed, last_changed_at: lastChangedAt, created_at: lastChangedAt, updated_at: lastChangedAt })
        .execute();
      await db.insertInto('case_references').values({ organisation_id: org, reference, citizen_id: person.id, case_id: caseId }).execute();
      await db.insertInto('case_statuses').values({ citizen_id: person.id, case_id: caseId, sequence: 1, code: 'closed', label: 'Afgehandeld', occurred_at: lastChangedAt, final: closed, reopens: false, received_at: lastChangedAt }).execute();
      return caseId;
    };
    await insertCase(true, ago(RETENTION_DAYS.closedCase + 1));
    const recentlyClosed = await insertCase(true, ago(RETENTION_DAYS.closedCase - 1));
    const open = await insertCase(false, ago(RETENTION_DAYS.closedCase + 100));
    const held = await insertCase(true, ago(RETENTION_DAYS.closedCase + 1));
    await placeLegalHold({ db, audit, now: () => NOW }, { recordType: 'case', recordId: held, reason: 'bezwaar', actor: operator });

    const { outcomes } = await purge('cases');

    expect(outcomes[0]?.purged).toBe(1);
    const left = (await db.selectFrom('cases').select('case_id').where('citizen_id', '=', person.id).execute()).map((row) => row.case_id).sort();
    expect(left).toEqual([recentlyClosed, open, held].sort());
    expect(await db.selectFrom('case_statuses').select('case_id').where('citizen_id', '=', person.id).execute()).toHaveLength(3);
    expect(await db.selectFrom('case_references').select('case_id').where('citizen_id', '=', person.id).execute()).toHaveLength(3);
    expect(await auditedPurges('cases')).toEqual([1]);
  });

  it("R25: administrators' logs: whole months that ended five years ago go (a Merkle prefix); a held month and every later one stay; what is left still verifies", async () => {
    // This test needs a log that starts in the past: the earlier tests' records (all at NOW) go first.
    await sql`delete from audit_log`.execute(db);
    await sql`delete from audit_checkpoints`.execute(db);
    await sql`delete from audit_anchor`.execute(db);
    let at = NOW;
    const pastAudit = createAuditLog({ now: () => at });
    for (const month of ['2034-01', '2034-02', '2034-03', '2036-01']) {
      for (let i = 0; i < 2; i++) {
        at = new Date(`${month}-10T12:0${i}:00Z`);
        await db.transaction().execute((trx) => pastAudit.append(trx, { actor: { kind: 'console', id: 'acc-1', name: 'Beheerder' }, action: 'account.block', target: { type: 'account', id: `acc-${i}` } }));
      }
    }
    const signer = loadCheckpointSigner({ auditSigningKeyFile: undefined, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'bp-retention-')), production: false, publicUrl: 'https://portal.test' });
    await closeFinishedMonths({ db, signer, now: () => NOW });
    await placeLegalHold({ db, audit, now: () => NOW }, { recordType: 'audit-month', recordId: '2034-03', reason: 'WOO-verzoek', actor: operator });

    const { outcomes } = await purge('admin-logs');

    // The cut-off is 2035-06: 2034-01 and 2034-02 go; the held 2034-03 stops the drop there.
    expect(outcomes[0]?.purged).toBe(4);
    const months = (await db.selectFrom('audit_log').select('month').distinct().execute()).map((row) => row.month).sort();
    expect(months).toEqual(['2034-03', '2036-01', '2040-06']);
    expect(await auditedPurges('admin-logs')).toEqual([4]);
    expect(await verifyAuditLog({ db, verifierKey: signer.verifierKey() })).toMatchObject({ ok: true });
  });

  it('R25: the CLI places and releases holds and sets an organisation\'s message period, each audited', async () => {
    const tools = { db, audit, keyring, now: () => NOW };
    const person = await citizen();
    expect(await retentionCommand(tools, ['hold', '--citizen', person.id, '--reason', 'Rechtbank, zaak 7', '--by', 'J. Jansen'])).toBe(0);
    expect(await retentionCommand(tools, ['hold', '--citizen', '123456782', '--reason', 'x', '--by', 'J. Jansen'])).toBe(1);
    const hold = (await activeLegalHolds(db)).find((item) => item.record_id === person.id);
    expect(hold).toMatchObject({ record_type: 'citizen', reason: 'Rechtbank, zaak 7', placed_by: 'J. Jansen' });
    expect(await retentionCommand(tools, ['release', String(hold?.hold_id), '--by', 'J. Jansen'])).toBe(0);
    expect((await activeLegalHolds(db)).some((item) => item.record_id === person.id)).toBe(false);

    const org = await organisation(null);
    const { oin } = await db.selectFrom('organisations').select('oin').where('organisation_id', '=', org).executeTakeFirstOrThrow();
    expect(await retentionCommand(tools, ['message-period', '--oin', oin, '--days', '90', '--by', 'J. Jansen'])).toBe(0);
    expect((await db.selectFrom('organisations').select('message_retention_days').where('oin', '=', oin).executeTakeFirstOrThrow()).message_retention_days).toBe(90);
    const entries = (await sql<{ entry: string }>`select entry from audit_log order by seq`.execute(db)).rows.map((row) => JSON.parse(row.entry) as { action: string; actor?: { kind: string }; after?: unknown });
    expect(entries.filter((entry) => entry.actor?.kind === 'cli').map((entry) => entry.action)).toEqual(expect.arrayContaining(['legal-hold.place', 'legal-hold.release', 'organisation.message-retention']));
    expect(entries.at(-1)).toMatchObject({ action: 'organisation.message-retention', after: { days: 90 } });
  });
});
