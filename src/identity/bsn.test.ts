import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEMO_CITIZENS, DEMO_UNKNOWN_BSN } from '../registers/demo/citizens.ts';
import { isValidBsn, maskBsn } from './bsn.ts';
import { ageOn, eligibilityOf } from './population-register.ts';

describe('BSN and eligibility', () => {
  it('R2: accepts BSNs that pass the eleven test and rejects others', () => {
    for (const person of DEMO_CITIZENS) expect(isValidBsn(person.bsn)).toBe(true);
    expect(isValidBsn(DEMO_UNKNOWN_BSN)).toBe(true);
    expect(isValidBsn('999990008')).toBe(false);
    expect(isValidBsn('12345678')).toBe(false);
    expect(isValidBsn('9999900O7')).toBe(false);
    fc.assert(fc.property(fc.string(), (value) => !/^\d{9}$/.test(value) ? !isValidBsn(value) : true));
  });

  it('R5: masking shows only the last three digits', () => {
    expect(maskBsn('999990007')).toBe('••••••007');
  });

  it('R2: age counts whole years up to the birthday', () => {
    expect(ageOn('2012-11-24', '2026-11-23')).toBe(13);
    expect(ageOn('2012-11-23', '2026-11-23')).toBe(14);
  });

  it('R2: eligible from the 14th birthday, alive and registered', () => {
    const base = { bsn: '999990007', name: 'Johanna de Vries', birthDate: '1948-03-12', deceased: false };
    const at = new Date('2026-11-23T12:00:00Z');
    expect(eligibilityOf({ ...base, birthDate: '2012-11-23' }, at).eligible).toBe(true);
    expect(eligibilityOf({ ...base, birthDate: '2012-11-24' }, at)).toEqual({ eligible: false, reason: 'under-14' });
    expect(eligibilityOf({ ...base, deceased: true }, at)).toEqual({ eligible: false, reason: 'deceased' });
    expect(eligibilityOf(null, at)).toEqual({ eligible: false, reason: 'unknown' });
    // A birth date the register does not know cannot show that someone is a child.
    expect(eligibilityOf({ ...base, birthDate: null }, at).eligible).toBe(true);
  });

  it('R2: a partial BRP birth date counts from its latest possible day, so no child passes as 14', async () => {
    const { latestDayOf } = await import('../registers/population.ts');
    expect(latestDayOf({ type: 'JaarDatum', jaar: 2012, langFormaat: '2012' })).toBe('2012-12-31');
    expect(latestDayOf({ type: 'JaarMaandDatum', jaar: 2012, maand: 2, langFormaat: 'februari 2012' })).toBe('2012-02-29');
    expect(latestDayOf({ type: 'DatumOnbekend', langFormaat: 'onbekend' })).toBeNull();
    const at = new Date('2026-11-23T12:00:00Z');
    const person = { bsn: '999990007', name: 'X', deceased: false };
    expect(eligibilityOf({ ...person, birthDate: latestDayOf({ type: 'JaarDatum', jaar: 2012, langFormaat: '2012' }) }, at)).toEqual({ eligible: false, reason: 'under-14' });
  });
});

describe('return path after login', async () => {
  const { safeReturnPath } = await import('./routes.tsx');
  it('R1: only same-site paths are returned to; tricks that leave the site fall back to the start page', () => {
    expect(safeReturnPath('/berichten/0190-abc?map=archief')).toBe('/berichten/0190-abc?map=archief');
    for (const trick of ['//evil.example', '/\t/evil.example', '/\n/evil.example', '/\\evil.example', '\\\\evil.example', 'https://evil.example', 'javascript:alert(1)', '/ /evil.example', ' /x', '', 5, null]) {
      expect(safeReturnPath(trick)).toBe('/');
    }
  });
});
