/**
 * Control characters (tabs, newlines, NUL, C1) and bidirectional controls (LRM/RLM, ALM, the
 * embeddings, overrides and isolates, U+2028/U+2029). A name with these can look like something
 * else in the header or break a line; emoji joiners and letters of every script stay allowed.
 */
const HIDDEN_CONTROLS = /[\p{Cc}\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;

/** Whether a screen name contains control or bidirectional-override characters (refused). */
export function hasHiddenControls(value: string): boolean {
  return HIDDEN_CONTROLS.test(value);
}
