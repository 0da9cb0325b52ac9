import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { pdfSafe, renderExportPdf } from './export-pdf.ts';

const WORKER_MODULE = 'pdfjs-dist/legacy/build/pdf.worker.mjs';

describe('export PDF', () => {
  it('R20: text beyond the standard fonts becomes "?" and the PDF still parses with every section', async () => {
    expect(pdfSafe('Zoë – €5 Łódź 😀')).toBe('Zoë – €5 ?ód? ?');
    const bytes = await renderExportPdf({
      title: 'Uw gegevens',
      intro: 'Inleiding',
      language: 'nl',
      createdAt: new Date('2026-01-01T00:00:00Z'),
      sections: [{ id: 'profile', title: 'Profiel', data: {}, entries: [{ title: 'Naam', fields: [['Schermnaam', 'Zoë 😀']] }] }],
    });
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker ??= await import(WORKER_MODULE);
    const task = getDocument({ data: new Uint8Array(bytes), verbosity: 0, stopAtErrors: true });
    const document = await task.promise;
    const content = await (await document.getPage(1)).getTextContent();
    const text = content.items.map((item) => ('str' in item ? item.str : '')).join('');
    await task.destroy();
    expect(text).toContain('Profiel');
    expect(text).toContain('Schermnaam: Zoë ?');
  });
});
