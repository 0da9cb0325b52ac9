/** The fields of the question/complaint form, as posted. */
export interface ContactFormValues {
  soort: string;
  onderwerp: string;
  bericht: string;
  naam: string;
  email: string;
  telefoon: string;
}

export type ContactFormField = keyof ContactFormValues;

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^[0-9 +()-]{6,30}$/;

/** Reads and checks the form; returns the values (trimmed) and, per wrong field, its message key. */
export function readContactForm(body: unknown): { values: ContactFormValues; errors: Partial<Record<ContactFormField, string>> } {
  const form = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const text = (name: string) => (typeof form[name] === 'string' ? (form[name] as string).trim() : '');
  const values: ContactFormValues = { soort: text('soort'), onderwerp: text('onderwerp'), bericht: text('bericht'), naam: text('naam'), email: text('email'), telefoon: text('telefoon') };
  const errors: Partial<Record<ContactFormField, string>> = {};
  if (values.soort !== 'vraag' && values.soort !== 'klacht') errors.soort = 'helpdesk.error.kind';
  if (!values.onderwerp || values.onderwerp.length > 200 || CONTROL.test(values.onderwerp) || values.onderwerp.includes('\n')) errors.onderwerp = 'helpdesk.error.subject';
  if (!values.bericht || values.bericht.length > 5000 || CONTROL.test(values.bericht)) errors.bericht = 'helpdesk.error.body';
  if (!values.naam || values.naam.length > 200 || CONTROL.test(values.naam) || values.naam.includes('\n')) errors.naam = 'helpdesk.error.name';
  if (!EMAIL.test(values.email) || values.email.length > 254) errors.email = 'helpdesk.error.email';
  if (values.telefoon && !PHONE.test(values.telefoon)) errors.telefoon = 'helpdesk.error.phone';
  return { values, errors };
}
