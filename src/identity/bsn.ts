/** True for a nine-digit BSN that passes the eleven test (elfproef) used by the BRP. */
export function isValidBsn(value: string): boolean {
  if (!/^\d{9}$/.test(value)) return false;
  const digits = [...value].map(Number);
  let sum = 0;
  for (let index = 0; index < 8; index++) sum += (digits[index] ?? 0) * (9 - index);
  sum -= digits[8] ?? 0;
  return sum % 11 === 0 && value !== '000000000';
}

/** Shows only the last three digits, for pages where the full number is not needed. */
export function maskBsn(bsn: string): string {
  return `••••••${bsn.slice(-3)}`;
}
