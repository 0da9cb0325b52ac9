/** What the population register (BRP) says about a person, as far as the account needs it. */
export interface RegisteredPerson {
  bsn: string;
  givenNames: string;
  surnamePrefix: string | null;
  surname: string;
  /** ISO date, YYYY-MM-DD. */
  birthDate: string;
  deathDate: string | null;
  nationality: string;
  address: { street: string; houseNumber: string; postalCode: string; city: string } | null;
}

/** A population register the portal can ask about one BSN. */
export interface PopulationRegister {
  findByBsn(bsn: string): Promise<RegisteredPerson | null>;
}

export type Eligibility = { eligible: true; person: RegisteredPerson } | { eligible: false; reason: 'unknown' | 'under-14' | 'deceased' };

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

/** R2: an account exists for residents of 14 and older who are alive and in the register. */
export function eligibilityOf(person: RegisteredPerson | null, now: Date): Eligibility {
  if (!person) return { eligible: false, reason: 'unknown' };
  if (person.deathDate) return { eligible: false, reason: 'deceased' };
  if (ageOn(person.birthDate, dutchDate(now)) < MINIMUM_AGE) return { eligible: false, reason: 'under-14' };
  return { eligible: true, person };
}

/** "Jan de Vries": the name as it is shown to the person. */
export function fullName(person: Pick<RegisteredPerson, 'givenNames' | 'surnamePrefix' | 'surname'>): string {
  return [person.givenNames, person.surnamePrefix, person.surname].filter(Boolean).join(' ');
}
