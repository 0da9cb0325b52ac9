export interface TimelineStatus {
  sequence: number;
  code: string;
  label: string;
  occurredAt: Date;
  final: boolean;
  reopens: boolean;
}

export type Placement =
  | { kind: 'insert' }
  | { kind: 'repeat'; existing: TimelineStatus }
  | { kind: 'conflict'; existing: TimelineStatus }
  | { kind: 'after-final'; final: TimelineStatus }
  | { kind: 'final-before-later'; later: TimelineStatus };

function sameContent(a: TimelineStatus, b: TimelineStatus): boolean {
  return a.code === b.code && a.label === b.label && a.occurredAt.getTime() === b.occurredAt.getTime() && a.final === b.final && a.reopens === b.reopens;
}

/**
 * Where a status goes in a case's timeline, whatever order updates arrive in. The sequence is
 * the position; the same sequence again is a repeat (same content) or a conflict. A status right
 * after a final one must reopen the case, and a final status cannot slip in before a later
 * status that does not reopen. Pure: the caller stores nothing unless the answer is 'insert'.
 */
export function placeStatus(timeline: readonly TimelineStatus[], incoming: TimelineStatus): Placement {
  const existing = timeline.find((status) => status.sequence === incoming.sequence);
  if (existing) return sameContent(existing, incoming) ? { kind: 'repeat', existing } : { kind: 'conflict', existing };
  const before = timeline.filter((status) => status.sequence < incoming.sequence).sort((a, b) => b.sequence - a.sequence)[0];
  if (before?.final && !incoming.reopens) return { kind: 'after-final', final: before };
  const after = timeline.filter((status) => status.sequence > incoming.sequence).sort((a, b) => a.sequence - b.sequence)[0];
  if (incoming.final && after && !after.reopens) return { kind: 'final-before-later', later: after };
  return { kind: 'insert' };
}

/** The current status: the one with the highest sequence (not the last to arrive), or null. */
export function currentStatus<T extends TimelineStatus>(timeline: readonly T[]): T | null {
  let current: T | null = null;
  for (const status of timeline) if (!current || status.sequence > current.sequence) current = status;
  return current;
}
