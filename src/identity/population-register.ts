import type { PopulationLookup, RegisteredPerson } from '../registers/index.ts';

export type { RegisteredPerson };
export { PopulationRegisterUnavailable } from '../registers/index.ts';

/** The population register as identity uses it: the BRP in production, a BRP test server in tests. */
export type PopulationRegister = PopulationLookup;

export type Refusal = 'unknown' | 'under-14' | 'deceased';
export type Eligibility = { eligible: true; person: RegisteredPerson } | { eligible: false; reason: Refusal };

export const MINIMUM_AGE = 14;

/** Whole years between an ISO birth date and an ISO date. */
export function ageOn(birthDate: string, onDate: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = onDate.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

const isoDateInAmsterdam = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' });

/** Today's date in the Netherlands as YYYY-MM-DD. */
export function dutchDate(now: Date): string {
  return isoDateInAmsterdam.format(now);
}

/**
 * R2: an account exists for residents of 14 and older who are alive and in the register. A birth
 * date the register does not know does not stand in the way (it cannot show the person is a child).
 */
export function eligibilityOf(person: RegisteredPerson | null, now: Date): Eligibility {
  if (!person) return { eligible: false, reason: 'unknown' };
  if (person.deceased) return { eligible: false, reason: 'deceased' };
  if (person.birthDate && ageOn(person.birthDate, dutchDate(now)) < MINIMUM_AGE) return { eligible: false, reason: 'under-14' };
  return { eligible: true, person };
}
