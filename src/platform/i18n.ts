export type Language = 'nl' | 'en';
export const LANGUAGES: readonly Language[] = ['nl', 'en'];
export type Messages = Record<string, string>;
/** A domain's texts: Dutch first, English second, the same keys in both. */
export interface Catalogue {
  nl: Messages;
  en: Messages;
}
export type Translate = (key: string, params?: Record<string, string | number>) => string;

export function isLanguage(value: unknown): value is Language {
  return value === 'nl' || value === 'en';
}

/** Merges domain catalogues; a key defined twice is a programming error. */
export function createI18n(catalogues: Catalogue[]): { translator: (language: Language) => Translate; catalogue: Catalogue } {
  const merged: Catalogue = { nl: {}, en: {} };
  for (const catalogue of catalogues) {
    for (const language of LANGUAGES) {
      for (const [key, text] of Object.entries(catalogue[language])) {
        if (key in merged[language]) throw new Error(`i18n key "${key}" is defined twice`);
        merged[language][key] = text;
      }
    }
  }
  const translator = (language: Language): Translate => (key, params) => {
    const text = merged[language][key] ?? merged.nl[key];
    if (text === undefined) throw new Error(`i18n key "${key}" is missing`);
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  };
  return { translator, catalogue: merged };
}

/** The text for `key`, or `fallback` when no catalogue has it (e.g. a recorded action without a label). */
export function labelOr(t: Translate, key: string, fallback: string): string {
  try {
    return t(key);
  } catch {
    return fallback;
  }
}

const amsterdam = 'Europe/Amsterdam';

// Building an Intl formatter costs far more than using one: keep one per language and style.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(language: Language, withTime: boolean): Intl.DateTimeFormat {
  const key = `${language}:${withTime}`;
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.DateTimeFormat(language === 'nl' ? 'nl-NL' : 'en-GB', {
      dateStyle: 'long',
      ...(withTime ? { timeStyle: 'short' } : {}),
      timeZone: amsterdam,
    });
    formatters.set(key, cached);
  }
  return cached;
}

/** Date and time as a Dutch or English reader expects, in Amsterdam time. */
export function formatDateTime(value: Date, language: Language): string {
  return formatter(language, true).format(value);
}

/** The date as a Dutch or English reader expects, in Amsterdam time. */
export function formatDate(value: Date, language: Language): string {
  return formatter(language, false).format(value);
}

const pluralRules = new Map<Language, Intl.PluralRules>();

/**
 * The catalogue key for a count: `key.one`, `key.other`, … as Intl.PluralRules names the form for
 * this language (Dutch and English: one and other). Catalogues define `.one` and `.other`.
 */
export function pluralKey(language: Language, key: string, count: number): string {
  let rules = pluralRules.get(language);
  if (!rules) {
    rules = new Intl.PluralRules(language === 'nl' ? 'nl-NL' : 'en-GB');
    pluralRules.set(language, rules);
  }
  return `${key}.${rules.select(count) === 'one' ? 'one' : 'other'}`;
}

/** A number of minutes in words with the right plural form ("1 minuut", "3 minuten"), from the platform catalogue. */
export function minutesText(language: Language, t: Translate, count: number): string {
  return t(pluralKey(language, 'time.minutes', count), { count: String(count) });
}

const sizeUnits = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;

/** A file size as readers expect it ("12,5 kB", "1 byte"), via Intl.NumberFormat units. */
export function formatFileSize(bytes: number, language: Language): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < sizeUnits.length - 1) {
    value /= 1024;
    unit++;
  }
  return new Intl.NumberFormat(language === 'nl' ? 'nl-NL' : 'en-GB', {
    style: 'unit',
    unit: sizeUnits[unit],
    unitDisplay: unit === 0 ? 'long' : 'short',
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}
