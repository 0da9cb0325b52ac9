import type { RegisterSource } from '../config.ts';

export type { RegisterSource };

/** A date as a register gives it: a full ISO date, or only the text when day or month is unknown. */
export interface RegisterDate {
  iso: string | null;
  text: string;
}

export interface RelatedPerson {
  name: string;
  birthDate: RegisterDate | null;
}

/** What the population register (BRP) says, as the page shows it. */
export interface BrpData {
  name: string;
  birthDate: RegisterDate | null;
  birthPlace: string | null;
  nationalities: string[];
  address: { lines: string[]; municipality: string | null } | null;
  partners: (RelatedPerson & { kind: string | null; since: RegisterDate | null; ended: RegisterDate | null })[];
  children: RelatedPerson[];
}

export interface Vehicle {
  plate: string;
  brand: string;
  model: string;
  registeredOn: string;
  /** Null: no periodic inspection (APK) is required, e.g. for a motorcycle. */
  apkExpiresOn: string | null;
}

export interface VehiclesData {
  vehicles: Vehicle[];
}

export interface WozValue {
  address: string;
  value: number;
  referenceDate: string;
  municipality: string;
}

export interface WozData {
  objects: WozValue[];
}

export interface Benefit {
  name: string;
  provider: string;
  since: string;
  until: string | null;
}

export interface BenefitsData {
  benefits: Benefit[];
}

/** Normalised data per source; only this (never a raw answer) is kept, encrypted, in the session. */
export interface RegisterDataBySource {
  brp: BrpData | null;
  rdw: VehiclesData;
  woz: WozData;
  benefits: BenefitsData;
}

/** One block on the page: the data, or why it is not there. */
export type SourceOutcome<S extends RegisterSource = RegisterSource> =
  | { source: S; status: 'ok'; fetchedAt: Date; data: RegisterDataBySource[S] }
  | { source: S; status: 'unavailable'; fetchedAt: Date | null };

export type RegisterView = { [S in RegisterSource]: SourceOutcome<S> };

export { REGISTER_SOURCES } from '../config.ts';
