import { ASSURANCE_LEVELS, meetsAssurance, type AssuranceLevel } from '../identity/index.ts';

/** A stored or session level as a known level; anything unknown counts as the lowest, basis. */
export function asAssuranceLevel(value: unknown): AssuranceLevel {
  return ASSURANCE_LEVELS.find((level) => level === value) ?? 'basis';
}

/** Whether a session at `sessionLevel` may read a message that requires `required` (R7). */
export function mayRead(sessionLevel: AssuranceLevel, required: string): boolean {
  // An unknown stored requirement is treated as the highest level: fail closed.
  const level = ASSURANCE_LEVELS.find((known) => known === required) ?? 'hoog';
  return meetsAssurance(sessionLevel, level);
}
