/** DigiD assurance levels, lowest first. */
export const ASSURANCE_LEVELS = ['basis', 'midden', 'substantieel', 'hoog'] as const;
export type AssuranceLevel = (typeof ASSURANCE_LEVELS)[number];

/** The authentication context classes DigiD reports for each level (its SAML AuthnContextClassRef). */
export const ACR_BY_LEVEL: Record<AssuranceLevel, string> = {
  basis: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport',
  midden: 'urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract',
  substantieel: 'urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard',
  hoog: 'urn:oasis:names:tc:SAML:2.0:ac:classes:SmartcardPKI',
};

export function isAssuranceLevel(value: unknown): value is AssuranceLevel {
  return typeof value === 'string' && (ASSURANCE_LEVELS as readonly string[]).includes(value);
}

/** Maps an `acr` claim (a DigiD class or a level name) to a level; unknown values count as basis. */
export function levelFromAcr(acr: unknown): AssuranceLevel {
  if (isAssuranceLevel(acr)) return acr;
  for (const level of ASSURANCE_LEVELS) if (ACR_BY_LEVEL[level] === acr) return level;
  return 'basis';
}

/** True when `actual` is at least `required`. */
export function meetsAssurance(actual: AssuranceLevel, required: AssuranceLevel): boolean {
  return ASSURANCE_LEVELS.indexOf(actual) >= ASSURANCE_LEVELS.indexOf(required);
}
