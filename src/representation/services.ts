/** The services a citizen can give a mandate for (R17), in the order the form shows them. */
export const SERVICES = ['berichtenbox-read', 'berichtenbox-manage', 'lopende-zaken', 'persoonlijke-gegevens'] as const;
export type Service = (typeof SERVICES)[number];

export function isService(value: unknown): value is Service {
  return SERVICES.some((service) => service === value);
}

/** Legal representations an authority registers; the represented citizen cannot end them. */
export const LEGAL_KINDS = ['curatele', 'bewind', 'mentorschap'] as const;
export type LegalKind = (typeof LEGAL_KINDS)[number];

/** A representative must be an adult (and alive, and in the register). */
export const MINIMUM_REPRESENTATIVE_AGE = 18;

/** The lowest assurance level a representative must have logged in with to act for someone. */
export const ACTING_ASSURANCE = 'midden';

/** How long an ended representation is kept (both sides can still see what it was), in days. */
export const MANDATE_RETENTION_DAYS = 730;
