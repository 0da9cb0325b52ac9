import path from 'node:path';
import type { Db } from '../platform/db/database.ts';
import type { BackgroundJob, PortalModule } from '../platform/module.ts';
import type { AuditLog } from './audit-log.ts';
import { CheckpointSigner } from './checkpoint-signer.ts';
import { closeFinishedMonths } from './close-months.ts';

export interface AuditModuleDeps {
  config: { production: boolean; dataDir: string; auditSigningKeyFile: string | undefined; publicUrl: string };
  db: Db;
  audit: AuditLog;
  now: () => Date;
}

/** The checkpoint key: AUDIT_SIGNING_KEY_FILE, or in development one created under the data dir. */
export function loadCheckpointSigner(config: AuditModuleDeps['config']): CheckpointSigner {
  return CheckpointSigner.load({
    file: config.auditSigningKeyFile ?? path.join(config.dataDir, 'audit-signing-key.json'),
    createIfMissing: !config.production,
    name: `${new URL(config.publicUrl).host}/audit`,
  });
}

/** The audit module: the worker jobs that close months (signed checkpoints) and drop expired months. */
export function createAuditModule(deps: AuditModuleDeps): PortalModule {
  const signer = loadCheckpointSigner(deps.config);
  const jobs: BackgroundJob[] = [
    { name: 'audit-close-months', intervalMs: 60 * 60_000, run: () => closeFinishedMonths({ db: deps.db, signer, now: deps.now }) },
  ];
  return { name: 'audit', jobs };
}
