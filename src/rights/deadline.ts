/** `months` calendar months after `from` (UTC); a day that does not exist becomes the month's last day (31 Jan + 1 = 28/29 Feb). */
export function addMonths(from: Date, months: number): Date {
  const result = new Date(from.getTime());
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, lastDay));
  return result;
}

/** GDPR Article 12(3): an answer within one month of receipt, extendable by two further months with a reason. */
export const DEADLINE_MONTHS = 1;
export const EXTENSION_MONTHS = 2;
