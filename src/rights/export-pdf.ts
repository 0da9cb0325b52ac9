import PDFDocument from 'pdfkit';
import type { ExportSection } from '../platform/module.ts';

/** Characters of Windows-1252 beyond Latin-1, which pdfkit's standard fonts can show. */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/** The standard PDF fonts cover Windows-1252 only: anything else becomes '?', so no text breaks the file. */
export function pdfSafe(text: string): string {
  let result = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '\n' || char === '\t' || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(char)) result += char;
    else if (code >= 0x20) result += '?';
  }
  return result;
}

/**
 * The human-readable export (R20): a title page line, then per section a heading and its entries
 * as label–value lines. Tagged for accessibility in reading order; one document, no images.
 */
export function renderExportPdf(input: { title: string; intro: string; language: string; sections: ExportSection[]; createdAt: Date }): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 56, lang: input.language, displayTitle: true, tagged: true, pdfVersion: '1.7', info: { Title: pdfSafe(input.title), Creator: 'Burgerportaal', CreationDate: input.createdAt } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font('Helvetica-Bold').fontSize(18).text(pdfSafe(input.title));
  doc.moveDown(0.5).font('Helvetica').fontSize(10).text(pdfSafe(input.intro));
  for (const section of input.sections) {
    doc.moveDown(1.2).font('Helvetica-Bold').fontSize(14).text(pdfSafe(section.title));
    for (const entry of section.entries) {
      doc.moveDown(0.6).font('Helvetica-Bold').fontSize(10).text(pdfSafe(entry.title));
      for (const [label, value] of entry.fields) {
        doc.font('Helvetica-Bold').text(`${pdfSafe(label)}: `, { continued: true }).font('Helvetica').text(pdfSafe(value));
      }
    }
  }
  doc.end();
  return done;
}
