import type { Language } from '../../platform/i18n.ts';
import type { RegisterDate } from '../../registers/index.ts';

const calendarDate = {
  nl: new Intl.DateTimeFormat('nl-NL', { dateStyle: 'long', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }),
};

/** A register's calendar date (YYYY-MM-DD) in words; registers give dates without a time zone. */
export function formatIsoDate(iso: string, language: Language): string {
  return calendarDate[language].format(new Date(`${iso}T00:00:00Z`));
}

/** A BRP date: in words when complete, else as the register wrote it (e.g. only a year). */
export function formatRegisterDate(date: RegisterDate | null, language: Language, unknown: string): string {
  if (!date) return unknown;
  return date.iso ? formatIsoDate(date.iso, language) : date.text;
}

/** Whole euros, as a WOZ value is given. */
export function formatEuros(amount: number, language: Language): string {
  return new Intl.NumberFormat(language === 'nl' ? 'nl-NL' : 'en-GB', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }).format(amount);
}
