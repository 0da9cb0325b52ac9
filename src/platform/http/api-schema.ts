import { Type, type StringOptions } from '@sinclair/typebox';
import { FormatRegistry } from '@sinclair/typebox/type';

/**
 * Field types of the organisation API that every endpoint shares, so a value is checked the same
 * way wherever it arrives (single delivery, batch item, case, status) and only values the database
 * and the domain can hold get through. One validator (TypeBox) applies them; the OpenAPI document
 * shows the same patterns and formats.
 */

/** The earliest and latest instant the API accepts: wide enough for any case or message, inside what every store holds. */
export const EARLIEST_INSTANT = Date.UTC(1900, 0, 1);
export const LATEST_INSTANT = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function calendarDay(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/**
 * The instant an RFC 3339 date-time names, or null when it is not one: the calendar day must
 * exist (no 30 February), hours 00–23, minutes and seconds 00–59 (no leap second), an offset
 * within ±23:59, and the instant between 1900-01-01 and 9999-12-31 UTC.
 */
export function parseDateTime(value: string): Date | null {
  const match = DATE_TIME.exec(value);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const fraction = match[7] ? Math.floor(Number(`0${match[7]}`) * 1000) : 0;
  if (!calendarDay(year, month, day) || hour > 23 || minute > 59 || second > 59) return null;
  let offsetMinutes = 0;
  if (match[8]) {
    const offsetHours = Number(match[9]);
    const offsetMins = Number(match[10]);
    if (offsetHours > 23 || offsetMins > 59) return null;
    offsetMinutes = (match[8] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  const local = new Date(0);
  local.setUTCFullYear(year, month - 1, day);
  local.setUTCHours(hour, minute, second, fraction);
  const instant = local.getTime() - offsetMinutes * 60_000;
  if (instant < EARLIEST_INSTANT || instant > LATEST_INSTANT) return null;
  return new Date(instant);
}

/** True for a YYYY-MM-DD calendar date that exists, from 1900 to 9999. */
export function isCalendarDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1, 4).map(Number) as [number, number, number];
  return year >= 1900 && calendarDay(year, month, day);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a UUID in its canonical textual form (any version). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

FormatRegistry.Set('date-time', (value) => parseDateTime(value) !== null);
FormatRegistry.Set('date', isCalendarDate);
FormatRegistry.Set('uuid', isUuid);

// A code point that is not a control character and not half of a surrogate pair, or a whole pair.
// Written so that it means the same with and without the regular expression's unicode flag.
const PAIR = '[\\uD800-\\uDBFF][\\uDC00-\\uDFFF]';
/** One line of text: no control characters (C0, DEL, C1), no line or paragraph separators, no lone surrogates. */
export const SINGLE_LINE_PATTERN = `^(?:[^\\u0000-\\u001F\\u007F-\\u009F\\u2028\\u2029\\uD800-\\uDFFF]|${PAIR})*$`;
/** Text with lines: like a single line, but tab, line feed and carriage return are allowed. */
export const MULTI_LINE_PATTERN = `^(?:[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\uD800-\\uDFFF]|${PAIR})*$`;

/** A single line of text (a subject, a title, a label). */
export function SingleLine(options: StringOptions & { maxLength: number }) {
  return Type.String({ minLength: 1, ...options, pattern: SINGLE_LINE_PATTERN });
}

/** Free text with line breaks (a message body). */
export function MultiLine(options: StringOptions) {
  return Type.String({ minLength: 1, ...options, pattern: MULTI_LINE_PATTERN });
}

/** An RFC 3339 date-time with a real calendar day and time, between 1900 and 9999 (UTC). */
export function DateTime(options: StringOptions = {}) {
  return Type.String({
    format: 'date-time',
    maxLength: 40,
    ...options,
    description: `${options.description ? `${options.description}. ` : ''}RFC 3339 date-time with seconds and an offset (e.g. 2025-03-01T09:00:00Z); the day must exist, no leap second, between 1900-01-01 and 9999-12-31 UTC`,
  });
}

/** A calendar date YYYY-MM-DD that exists, from 1900 to 9999. */
export function CalendarDate(options: StringOptions = {}) {
  return Type.String({ format: 'date', maxLength: 10, ...options, description: `${options.description ? `${options.description}. ` : ''}Calendar date YYYY-MM-DD, a day that exists, 1900–9999` });
}
