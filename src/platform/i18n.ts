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
