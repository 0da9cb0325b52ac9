import { v7 as uuidv7 } from 'uuid';
import type { Logger } from 'pino';
import type { Keyring } from '../platform/crypto/keyring.ts';
import type { Db } from '../platform/db/database.ts';
import type { Language, Translate } from '../platform/i18n.ts';
import type { Mailer } from '../platform/mail/mailer.ts';
import type { Acting, ExportSection, ModuleDirectory } from '../platform/module.ts';
import { accessExportStore } from './access-export-store.ts';
import { renderExportPdf } from './export-pdf.ts';

const HOUR_MS = 60 * 60 * 1000;
/** How long one builder may hold a pending export before the job takes it over. */
const LEASE_MS = 10 * 60 * 1000;

export interface AccessExportsDeps {
  db: Db;
  keyring: Keyring;
  mailer: Mailer;
  logger: Logger;
  now: () => Date;
  publicUrl: string;
  directory: ModuleDirectory;
  translator: (language: Language) => Translate;
  verifiedEmails(citizenIds: string[]): Promise<Map<string, string>>;
  recordActivity(input: { citizenId: string; actorId: string | null; action: string; loginId?: string | null; db?: Db }): Promise<void>;
  settings: { exportInlineMs: number; exportRetentionHours: number };
}

export type ExportFormat = 'json' | 'pdf';

/** The keeping time in whole days when it is, else in hours ("7 dagen", "36 uur"). */
export function keepingPeriod(t: Translate, hours: number): string {
  return hours % 24 === 0 ? t(hours === 24 ? 'export.period.day' : 'export.period.days', { count: hours / 24 }) : t('export.period.hours', { count: hours });
}
const contextOf = (citizenId: string, exportId: string, format: ExportFormat) => `access-export:${citizenId}:${exportId}:${format}`;

/**
 * "Download mijn gegevens" (R20). Every module contributes its section (`accessExport` in the module
 * contract); the export is a JSON document and a PDF, stored encrypted and deleted after the keeping
 * time. A request waits `exportInlineMs` for it; a larger export goes on as a job and the citizen
 * gets a mail when it is ready. A crashed builder's lease expires and the job finishes its work.
 */
export function createAccessExports(deps: AccessExportsDeps) {
  const { db, keyring, now } = deps;

  async function collect(input: { citizenId: string; language: Language; assurance: string; includeAttachments: boolean }): Promise<ExportSection[]> {
    const t = deps.translator(input.language);
    const sections: ExportSection[] = [];
    for (const module of deps.directory.modules()) {
      const section = await module.accessExport?.({ ...input, t });
      if (section) sections.push(section);
    }
    return sections;
  }

  async function build(row: { citizen_id: string; export_id: string; assurance: string; language: string; include_attachments: boolean }): Promise<boolean> {
    const language: Language = row.language === 'en' ? 'en' : 'nl';
    const createdAt = now();
    const sections = await collect({ citizenId: row.citizen_id, language, assurance: row.assurance, includeAttachments: row.include_attachments });
    const t = deps.translator(language);
    const document = {
      format: 'burgerportaal-export/1',
      generatedAt: createdAt.toISOString(),
      language,
      attachmentsIncluded: row.include_attachments,
      sections: Object.fromEntries(sections.map((section) => [section.id, section.data])),
    };
    const pdf = await renderExportPdf({ title: t('export.pdf.title'), intro: t('export.pdf.intro'), language, sections, createdAt });
    const json = Buffer.from(JSON.stringify(document, null, 2));
    const stored = await accessExportStore.complete(db, {
      citizenId: row.citizen_id,
      exportId: row.export_id,
      json: keyring.encrypt(json, contextOf(row.citizen_id, row.export_id, 'json')),
      pdf: keyring.encrypt(pdf, contextOf(row.citizen_id, row.export_id, 'pdf')),
      at: now(),
    });
    if (stored) await deps.recordActivity({ citizenId: row.citizen_id, actorId: null, action: 'access-export-ready' });
    return stored;
  }

  /** Tells the citizen a job-built export is ready; without a verified address the page shows it. */
  async function mailReady(citizenId: string, language: Language): Promise<void> {
    const address = (await deps.verifiedEmails([citizenId])).get(citizenId);
    if (!address) return;
    const t = deps.translator(language);
    await deps.mailer.send({ to: address, subject: t('export.mail.subject'), text: t('export.mail.body', { link: `${deps.publicUrl}/mijn-rechten/inzage`, period: keepingPeriod(t, deps.settings.exportRetentionHours) }) });
  }

  return {
    /** Asks for an export; `ready` says whether it was built within the wait (else a job finishes it and mails). */
    async request(input: { acting: Acting; assurance: string; language: Language; includeAttachments: boolean }): Promise<{ exportId: string; ready: boolean }> {
      const citizenId = input.acting.subject.citizenId;
      const at = now();
      const exportId = uuidv7();
      const row = { citizen_id: citizenId, export_id: exportId, status: 'pending' as const, assurance: input.assurance, language: input.language, include_attachments: input.includeAttachments };
      const inline = deps.settings.exportInlineMs > 0;
      await db.transaction().execute(async (trx) => {
        // Not built here (inline 0): no lease, so the job takes it at once.
        await accessExportStore.insert(trx, { ...row, requested_at: at, leased_until: inline ? new Date(at.getTime() + LEASE_MS) : null, expires_at: new Date(at.getTime() + deps.settings.exportRetentionHours * HOUR_MS) });
        await deps.recordActivity({ citizenId, actorId: input.acting.actor.citizenId, loginId: input.acting.loginId, action: input.includeAttachments ? 'access-export-requested-with-attachments' : 'access-export-requested', db: trx });
      });
      if (!inline) return { exportId, ready: false };
      let late = false;
      const building = build(row)
        .then(async (stored) => {
          if (stored && late) await mailReady(citizenId, input.language);
        })
        .catch((error: unknown) => deps.logger.error({ err: error }, 'access export failed; the job retries it after the lease'));
      const inTime = await Promise.race([building.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), deps.settings.exportInlineMs).unref())]);
      late = !inTime;
      return { exportId, ready: inTime && (await accessExportStore.find(db, citizenId, exportId, now()))?.status === 'ready' };
    },

    /** The citizen's exports that are still kept, newest first. */
    list: (citizenId: string) => accessExportStore.list(db, citizenId, now()),

    /** One format of the citizen's own ready export; null for another's, an unknown, a pending or an expired one. */
    async download(input: { acting: Acting; exportId: string; format: ExportFormat }): Promise<Buffer | null> {
      const citizenId = input.acting.subject.citizenId;
      const row = await accessExportStore.find(db, citizenId, input.exportId, now());
      const sealed = input.format === 'json' ? row?.json_encrypted : row?.pdf_encrypted;
      if (!row || row.status !== 'ready' || !sealed) return null;
      await deps.recordActivity({ citizenId, actorId: input.acting.actor.citizenId, loginId: input.acting.loginId, action: `access-export-downloaded-${input.format}` });
      return keyring.decrypt(sealed, contextOf(citizenId, input.exportId, input.format));
    },

    /** The job: builds pending exports nobody holds (in a few at a time), mails their citizens, deletes expired ones. */
    async runJob(): Promise<{ built: number; deleted: number }> {
      const at = now();
      const claimed = await accessExportStore.claimPending(db, { now: at, leasedUntil: new Date(at.getTime() + LEASE_MS), limit: 5 });
      let built = 0;
      for (const row of claimed) {
        if (await build(row)) {
          built += 1;
          await mailReady(row.citizen_id, row.language === 'en' ? 'en' : 'nl').catch((error: unknown) => deps.logger.warn({ err: error }, 'export-ready mail not sent'));
        }
      }
      const deleted = await accessExportStore.deleteExpired(db, now());
      return { built, deleted };
    },
  };
}

export type AccessExports = ReturnType<typeof createAccessExports>;
