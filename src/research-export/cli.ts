import fs from 'node:fs';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import type { JWK } from 'jose';
import type { AuditLog } from '../audit/index.ts';
import type { Keyring } from '../platform/crypto/keyring.ts';
import type { Db } from '../platform/db/database.ts';
import { recipientSealer, RecipientKeyError } from './recipient-key.ts';
import { writeResearchExport, type ExportProgress } from './research-export.ts';

export const EXPORT_HELP = `burgerportaal export research --from DATE --to DATE --by NAME [--recipient-key jwk.json] [--out FILE]
  Writes the login data of [from, to) (UTC dates or ISO date-times) for research as JSON Lines
  (docs/research-export.md): BSN and client address pseudonymised with HMAC-SHA256 under a key made
  for this export and destroyed at its end. With --recipient-key (a public JWK) the BSN is also
  sealed to the recipient (JWE). The file is created with mode 600; the export is audited.`;

function dateArgument(name: string, raw: string | undefined): Date {
  const value = raw && /^\d{4}-\d{2}-\d{2}$/.test(raw) ? `${raw}T00:00:00Z` : raw;
  const date = value ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) throw new RecipientKeyError(`--${name} takes a date (2026-01-31) or an ISO date-time`);
  return date;
}

function terminalProgress(): ExportProgress {
  const bar = new cliProgress.SingleBar({ format: 'logins [{bar}] {value}/{total}', stream: process.stderr }, cliProgress.Presets.shades_classic);
  return { start: (total) => bar.start(total, 0), advance: (count) => bar.increment(count), stop: () => bar.stop() };
}

/** `burgerportaal export research …` on an opened, migrated database. */
export async function exportCommand(deps: { db: Db; keyring: Keyring; audit: AuditLog; now: () => Date }, args: string[]): Promise<number> {
  const [what, ...rest] = args;
  if (what !== 'research') {
    console.error(EXPORT_HELP);
    return 1;
  }
  try {
    const { values } = parseArgs({ args: rest, options: { from: { type: 'string' }, to: { type: 'string' }, by: { type: 'string' }, 'recipient-key': { type: 'string' }, out: { type: 'string' } } });
    const from = dateArgument('from', values.from);
    const to = dateArgument('to', values.to);
    if (to <= from) throw new RecipientKeyError('--to must be after --from');
    if (!values.by) throw new RecipientKeyError('--by NAME: who makes the export (recorded in the audit log)');
    const sealer = values['recipient-key'] ? await recipientSealer(JSON.parse(fs.readFileSync(values['recipient-key'], 'utf8')) as JWK) : undefined;
    const out = values.out ?? `research-export-${from.toISOString().slice(0, 10)}-${to.toISOString().slice(0, 10)}.jsonl`;
    const file = fs.openSync(out, 'wx', 0o600);
    try {
      const result = await writeResearchExport(deps, {
        from,
        to,
        sealer,
        actor: { kind: 'cli', id: values.by, name: values.by },
        progress: process.stderr.isTTY ? terminalProgress() : undefined,
        write: async (line) => {
          fs.writeSync(file, `${line}\n`);
        },
      });
      console.log(`Wrote ${result.rows} logins to ${out} (export ${result.exportId}). The pseudonymisation key is destroyed.`);
    } finally {
      fs.closeSync(file);
    }
    return 0;
  } catch (error) {
    if (error instanceof RecipientKeyError || (error instanceof TypeError && 'code' in error) || (error instanceof Error && 'code' in error && error.code === 'EEXIST')) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}
