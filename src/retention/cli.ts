import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import type { AuditLog } from '../audit/index.ts';
import { setMessageRetentionDays } from '../organisations/index.ts';
import type { Keyring } from '../platform/crypto/keyring.ts';
import type { Db } from '../platform/db/database.ts';
import { activeLegalHolds, HOLD_RECORD_TYPES, LegalHoldInputError, placeLegalHold, releaseLegalHold } from './legal-holds.ts';
import type { HoldRecordType } from './legal-hold-store.ts';
import { retentionPurges } from './purges.ts';
import { runRetention, type RetentionProgress } from './retention-run.ts';

export const RETENTION_HELP = `burgerportaal retention run [--batch-size N]
  Purges every category of personal data past its retention period (src/privacy/processing-catalogue.ts),
  in batches with a progress bar; each batch and its audit record commit together. Held records stay.
burgerportaal retention hold (--citizen ID | --message ID | --case ID | --audit-month YYYY-MM) --reason TEXT --by NAME
  Places a legal hold: the record (for a citizen: all their records) is kept until the hold is released.
  IDs are internal ids (never a BSN). The hold is recorded in the audit log.
burgerportaal retention release HOLD-ID --by NAME
  Releases a hold (audited); the next run purges the record if its period is over.
burgerportaal retention holds
  Lists the active holds.
burgerportaal retention message-period --oin OIN (--days N | --default) --by NAME
  Sets how long the organisation's messages without their own retain-until are kept (audited).`;

/** A bar per purge on a terminal; a line per purge otherwise (logs, CI). */
function terminalProgress(): RetentionProgress {
  let bar: cliProgress.SingleBar | null = null;
  let label = '';
  let done = 0;
  return {
    start(name, total) {
      label = name;
      done = 0;
      if (!process.stdout.isTTY) return;
      bar = new cliProgress.SingleBar({ format: `${name.padEnd(40)} [{bar}] {value}/{total}` }, cliProgress.Presets.shades_classic);
      bar.start(total, 0);
    },
    advance(count) {
      done += count;
      bar?.increment(count);
    },
    stop() {
      bar?.stop();
      bar = null;
      if (!process.stdout.isTTY) console.log(`${label}: ${done} purged`);
    },
  };
}

/** `burgerportaal retention …` on an opened, migrated database. */
export async function retentionCommand(deps: { db: Db; audit: AuditLog; keyring: Keyring; now: () => Date }, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  try {
    if (sub === 'run') {
      const { values } = parseArgs({ args: rest, options: { 'batch-size': { type: 'string' } } });
      const batchSize = Number(values['batch-size'] ?? 1000);
      if (!Number.isInteger(batchSize) || batchSize < 1) {
        console.error('--batch-size takes a positive whole number.');
        return 1;
      }
      const outcomes = await runRetention({ ...deps, purges: retentionPurges({ keyring: deps.keyring }), batchSize, progress: terminalProgress() });
      const total = outcomes.reduce((sum, outcome) => sum + outcome.purged, 0);
      console.log(`Done: ${total} records purged in ${outcomes.reduce((sum, outcome) => sum + outcome.batches, 0)} audited batches.`);
      return 0;
    }
    if (sub === 'hold') {
      const { values } = parseArgs({
        args: rest,
        options: { citizen: { type: 'string' }, message: { type: 'string' }, case: { type: 'string' }, 'audit-month': { type: 'string' }, reason: { type: 'string' }, by: { type: 'string' } },
      });
      const chosen = HOLD_RECORD_TYPES.filter((type) => values[type] !== undefined);
      const [recordType] = chosen as HoldRecordType[];
      if (chosen.length !== 1 || !recordType || !values.reason || !values.by) {
        console.error(RETENTION_HELP);
        return 1;
      }
      const holdId = await placeLegalHold(deps, { recordType, recordId: String(values[recordType]), reason: values.reason, actor: { kind: 'cli', id: values.by, name: values.by } });
      console.log(`Hold ${holdId} placed on ${recordType} ${String(values[recordType])}.`);
      return 0;
    }
    if (sub === 'release') {
      const { values, positionals } = parseArgs({ args: rest, options: { by: { type: 'string' } }, allowPositionals: true });
      const [holdId] = positionals;
      if (!holdId || !values.by) {
        console.error(RETENTION_HELP);
        return 1;
      }
      if (!(await releaseLegalHold(deps, { holdId, actor: { kind: 'cli', id: values.by, name: values.by } }))) {
        console.error(`No active hold ${holdId}.`);
        return 1;
      }
      console.log(`Hold ${holdId} released.`);
      return 0;
    }
    if (sub === 'message-period') {
      const { values } = parseArgs({ args: rest, options: { oin: { type: 'string' }, days: { type: 'string' }, default: { type: 'boolean' }, by: { type: 'string' } } });
      const days = values.default ? null : Number(values.days);
      if (!values.oin || !values.by || (days !== null && (!Number.isInteger(days) || days < 1)) || (values.default && values.days)) {
        console.error(RETENTION_HELP);
        return 1;
      }
      const oin = values.oin;
      const by = values.by;
      const changed = await deps.db.transaction().execute(async (trx) => {
        const result = await setMessageRetentionDays(trx, { oin, days });
        if (result) {
          await deps.audit.append(trx, { actor: { kind: 'cli', id: by, name: by }, action: 'organisation.message-retention', target: { type: 'organisation', id: oin }, before: { days: result.previous }, after: { days } });
        }
        return result !== undefined;
      });
      if (!changed) {
        console.error(`No organisation with OIN ${oin}.`);
        return 1;
      }
      console.log(days === null ? `Messages of ${oin} without a retain-until now follow the portal's default.` : `Messages of ${oin} without a retain-until are now kept ${days} days.`);
      return 0;
    }
    if (sub === 'holds') {
      for (const hold of await activeLegalHolds(deps.db)) {
        console.log(`${hold.hold_id}  ${hold.record_type} ${hold.record_id}  since ${hold.placed_at.toISOString()} by ${hold.placed_by}: ${hold.reason}`);
      }
      return 0;
    }
    console.error(RETENTION_HELP);
    return 1;
  } catch (error) {
    if (error instanceof LegalHoldInputError || (error instanceof TypeError && 'code' in error)) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}
