import type { Db } from '../platform/db/database.ts';
import { loadCheckpointSigner, type AuditModuleDeps } from './module.ts';
import { verifyAuditLog } from './verify.ts';

export const AUDIT_HELP =
  'burgerportaal audit verify [--key <verifier key>] | audit key\n  verify: checks every audit entry (its leaf hash from its text, its position), every monthly checkpoint\n  (Ed25519 signature, month chain, consistency with the previous one) and the Merkle roots, with a\n  progress bar; exits 1 naming the first bad entry (seq) or checkpoint. --key pins the verifier key\n  (default: the one of AUDIT_SIGNING_KEY_FILE). key: prints that verifier key, to publish and pin.';

/** `audit verify` and `audit key`; returns the exit code. */
export async function auditCommand(config: AuditModuleDeps['config'], args: string[], db: Db, out: { log(line: string): void; error(line: string): void; progress(text: string): void }): Promise<number> {
  const [sub] = args;
  const keyIndex = args.indexOf('--key');
  const verifierKey = keyIndex >= 0 ? args[keyIndex + 1] : undefined;
  if (sub === 'key') {
    out.log(loadCheckpointSigner(config).verifierKey());
    return 0;
  }
  if (sub !== 'verify') {
    out.error(AUDIT_HELP);
    return 1;
  }
  let key = verifierKey;
  try {
    key ??= loadCheckpointSigner({ ...config, production: true }).verifierKey();
  } catch (error) {
    out.error(`${error instanceof Error ? error.message : String(error)}: pass the published verifier key with --key.`);
    return 1;
  }
  const result = await verifyAuditLog({ db, verifierKey: key, onProgress: (done, total) => out.progress(progressBar(done, total)) });
  if (!result.ok) {
    out.error(`Audit log NOT intact: ${result.problem?.message ?? 'unknown problem'}`);
    if (result.problem?.seq) out.error(`First bad entry: seq ${result.problem.seq}`);
    return 1;
  }
  out.log(`Audit log intact: ${result.entries} entries and ${result.checkpoints} checkpoints verified.`);
  return 0;
}

/** `[##########----------]  50% 500/1000 entries` */
export function progressBar(done: number, total: number): string {
  const width = 30;
  const share = total === 0 ? 1 : Math.min(1, done / total);
  const filled = Math.round(share * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.round(share * 100)).padStart(3)}% ${done}/${total} entries`;
}
