import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { pdfSafe, renderExportPdf } from './export-pdf.ts';

const WORKER_MODULE = 'pdfjs-dist/legacy/build/pdf.worker.mjs';

async function firstPageText(bytes: Buffer): Promise<{ text: string; title: unknown; language: unknown }> {
  (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker ??= await import(WORKER_MODULE);
  const task = getDocument({ data: new Uint8Array(bytes), verbosity: 0, stopAtErrors: true });
  const document = await task.promise;
  const content = await (await document.getPage(1)).getTextContent();
  const text = content.items.map((item) => ('str' in item ? item.str : '')).join('');
  const { info } = (await document.getMetadata()) as { info: { Title?: unknown; Language?: unknown } };
  await task.destroy();
  return { text, title: info.Title, language: info.Language };
}

describe('export PDF', () => {
  it('R20: text beyond Windows-1252 (Ş, ł, ő, €, Greek) comes back exactly from the PDF; only a character the embedded font lacks becomes "?"', async () => {
    expect(pdfSafe('Şükrü Łukasz Őrs €5 Ωμέγα Жанна 中\u0007')).toBe('Şükrü Łukasz Őrs €5 Ωμέγα Жанна ?');
    const bytes = await renderExportPdf({
      title: 'Uw gegevens – Ψ',
      intro: 'Inleiding',
      language: 'nl',
      createdAt: new Date('2026-01-01T00:00:00Z'),
      sections: [{ id: 'profile', title: 'Profiel', data: {}, entries: [{ title: 'Naam', fields: [['Schermnaam', 'Şükrü Łukasz Őrs'], ['Notitie', 'łódź €12,50 αβγ 中文']] }] }],
    });
    const { text, title, language } = await firstPageText(bytes);
    expect(text).toContain('Profiel');
    expect(text).toContain('Schermnaam: Şükrü Łukasz Őrs');
    expect(text).toContain('Notitie: łódź €12,50 αβγ ??');
    expect(title).toBe('Uw gegevens – Ψ');
    expect(language).toBe('nl');
  });
});
