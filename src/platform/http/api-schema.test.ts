import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCalendarDate, MULTI_LINE_PATTERN, parseDateTime, SINGLE_LINE_PATTERN } from './api-schema.ts';

describe('API field types', () => {
  it.each([
    ['2025-03-01T09:00:00Z', '2025-03-01T09:00:00.000Z'],
    ['2025-03-01T09:00:00+01:00', '2025-03-01T08:00:00.000Z'],
    ['2024-02-29T23:59:59.9999-00:30', '2024-03-01T00:29:59.999Z'],
    ['1900-01-01T00:00:00Z', '1900-01-01T00:00:00.000Z'],
    ['9999-12-31T23:59:59Z', '9999-12-31T23:59:59.000Z'],
  ])('an RFC 3339 date-time on a real day names one instant: %s', (value, instant) => {
    expect(parseDateTime(value)?.toISOString()).toBe(instant);
  });

  it.each([
    '2025-02-30T10:00:00Z', // a day that does not exist (Date.parse would make it 2 March)
    '2025-02-29T10:00:00Z',
    '2025-13-01T10:00:00Z',
    '2025-01-01T24:00:00Z',
    '2025-12-31T23:59:60Z', // leap second: no instant in JavaScript or the database
    '2025-01-01T10:00:00+24:00',
    '2025-01-01T10:00Z', // RFC 3339 needs seconds
    '2025-01-01 10:00:00Z',
    '0000-01-01T00:00:00Z', // outside 1900–9999
    '1899-12-31T23:59:59Z',
    '9999-12-31T23:59:59-00:01',
    '+275760-09-13T00:00:00Z',
    '2025-01-01',
  ])('a date-time that is not real or not in range is refused: %s', (value) => {
    expect(parseDateTime(value)).toBeNull();
  });

  it('every date-time that parses lies between 1900 and 9999 and round-trips through its instant', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true }), (date) => {
        expect(parseDateTime(date.toISOString())?.getTime()).toBe(date.getTime());
      }),
    );
  });

  it('calendar dates must exist', () => {
    expect(['2024-02-29', '1900-01-01', '9999-12-31'].map(isCalendarDate)).toEqual([true, true, true]);
    expect(['2025-02-29', '2025-04-31', '1899-12-31', '2025-1-01', '20250101'].map(isCalendarDate)).toEqual([false, false, false, false, false]);
  });

  it('text has no control characters or unpaired surrogates, with and without the unicode flag', () => {
    for (const flags of ['', 'u']) {
      const line = new RegExp(SINGLE_LINE_PATTERN, flags);
      const text = new RegExp(MULTI_LINE_PATTERN, flags);
      for (const good of ['Uw aanslag', 'café 😀', '<script>', '']) expect(line.test(good), good).toBe(true);
      for (const bad of ['a\u0000b', 'a\nb', '\u007f', '\u0085', '\u2028', '\ud800', 'x\udc00', '😀\ud83d']) expect(line.test(bad), JSON.stringify(bad)).toBe(false);
      expect(text.test('Geachte heer,\r\n\n\tMet vriendelijke groet 😀')).toBe(true);
      for (const bad of ['a\u0000b', '\u001b[31m', '\ud800']) expect(text.test(bad), JSON.stringify(bad)).toBe(false);
    }
  });
});
