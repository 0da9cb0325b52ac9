import { describe, expect, it } from 'vitest';
import { contentDisposition, pdfFilename } from './attachment-headers.ts';

describe('attachment download headers', () => {
  it('R7: an attachment is always downloaded under a .pdf name, also one stored before that rule', () => {
    expect(pdfFilename('aanslag.pdf')).toBe('aanslag.pdf');
    expect(pdfFilename('Aanslag.PDF')).toBe('Aanslag.PDF');
    expect(pdfFilename('aanslag.pdf.cmd')).toBe('aanslag.pdf.cmd.pdf');
    expect(contentDisposition('aanslag.html')).toBe(`attachment; filename="aanslag.html.pdf"; filename*=UTF-8''aanslag.html.pdf`);
    expect(contentDisposition('\u202Efdp.cmd')).toMatch(/^attachment; filename="[^"]*\.pdf"; filename\*=UTF-8''.*\.pdf$/);
  });
});
