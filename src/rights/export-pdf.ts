import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import type { ExportSection } from '../platform/module.ts';

/**
 * DejaVu Sans, embedded (pdfkit subsets it): Latin with every diacritic, Greek, Cyrillic and more,
 * so names such as "Şükrü Łukasz Őrs" come out as typed. Read once per process.
 */
const FONT_FILES = { regular: 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf', bold: 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf' } as const;
type FontName = keyof typeof FONT_FILES;

let loaded: { files: Record<FontName, Buffer>; covers: (codePoint: number) => boolean } | undefined;
function fonts() {
  if (loaded) return loaded;
  const resolve = createRequire(import.meta.url).resolve;
  const files = { regular: readFileSync(resolve(FONT_FILES.regular)), bold: readFileSync(resolve(FONT_FILES.bold)) };
  const regular = fontkit.create(files.regular);
  const bold = fontkit.create(files.bold);
  if (!('hasGlyphForCodePoint' in regular) || !('hasGlyphForCodePoint' in bold)) throw new Error('the export font is a collection, not one font');
  loaded = { files, covers: (codePoint) => regular.hasGlyphForCodePoint(codePoint) && bold.hasGlyphForCodePoint(codePoint) };
  return loaded;
}

/**
 * Text as the embedded font can draw it: control characters dropped, and a character the font has
 * no glyph for (CJK, most emoji) becomes '?', which the reader sees instead of an empty box and a
 * text layer that copies as nothing.
 */
export function pdfSafe(text: string): string {
  const { covers } = fonts();
  let result = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '\n' || char === '\t') result += char;
    else if (code >= 0x20 && !(code >= 0x7f && code < 0xa0)) result += covers(code) ? char : '?';
  }
  return result;
}

/**
 * The human-readable export (R20): a title page line, then per section a heading and its entries
 * as label–value lines. Tagged for accessibility in reading order; one document, no images.
 */
export function renderExportPdf(input: { title: string; intro: string; language: string; sections: ExportSection[]; createdAt: Date }): Promise<Buffer> {
  const { files } = fonts();
  const doc = new PDFDocument({ size: 'A4', margin: 56, lang: input.language, displayTitle: true, tagged: true, pdfVersion: '1.7', info: { Title: pdfSafe(input.title), Creator: 'Burgerportaal', CreationDate: input.createdAt } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', files.regular);
  doc.registerFont('bold', files.bold);
  doc.font('bold').fontSize(18).text(pdfSafe(input.title));
  doc.moveDown(0.5).font('regular').fontSize(10).text(pdfSafe(input.intro));
  for (const section of input.sections) {
    doc.moveDown(1.2).font('bold').fontSize(14).text(pdfSafe(section.title));
    for (const entry of section.entries) {
      doc.moveDown(0.6).font('bold').fontSize(10).text(pdfSafe(entry.title));
      for (const [label, value] of entry.fields) {
        doc.font('bold').text(`${pdfSafe(label)}: `, { continued: true }).font('regular').text(pdfSafe(value));
      }
    }
  }
  doc.end();
  return done;
}
