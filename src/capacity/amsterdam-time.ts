/** The offset of Amsterdam time from UTC at an instant, in milliseconds (+1 h in winter, +2 h in summer). */
function amsterdamOffsetMs(at: Date): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(at);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second')) - Math.floor(at.getTime() / 1000) * 1000;
}

/** A `datetime-local` value ("2026-11-26T14:00") read as Amsterdam time; null when it is not one. */
export function parseAmsterdamLocal(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value.trim());
  if (!match) return null;
  const [, year, month, day, hour, minute] = match.map(Number) as [number, number, number, number, number, number];
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  if (Number.isNaN(asUtc)) return null;
  // Two passes settle the offset on either side of a daylight-saving change.
  let instant = asUtc - amsterdamOffsetMs(new Date(asUtc));
  instant = asUtc - amsterdamOffsetMs(new Date(instant));
  return new Date(instant);
}

/** An instant as a `datetime-local` value in Amsterdam time. */
export function toAmsterdamLocal(at: Date): string {
  return new Date(at.getTime() + amsterdamOffsetMs(at)).toISOString().slice(0, 16);
}
