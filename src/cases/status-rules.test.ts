import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { currentStatus, placeStatus, type TimelineStatus } from './status-rules.ts';

const status = (sequence: number, final = false, reopens = false): TimelineStatus => ({ sequence, code: `s${sequence}`, label: `Stap ${sequence}`, occurredAt: new Date(Date.UTC(2025, 0, sequence)), final, reopens });

// Places arrivals in order; refused ones are retried afterwards, as an organisation does after a 409.
function apply(arrivals: TimelineStatus[]): TimelineStatus[] {
  const timeline: TimelineStatus[] = [];
  let waiting = arrivals;
  for (let round = 0; round < arrivals.length && waiting.length > 0; round++) {
    const refused: TimelineStatus[] = [];
    for (const incoming of waiting) {
      if (placeStatus(timeline, incoming).kind === 'insert') timeline.push(incoming);
      else refused.push(incoming);
      expect(consistent(timeline)).toBe(true);
    }
    waiting = refused;
  }
  return timeline;
}

// No status without "reopens" directly follows a final one among the statuses known.
function consistent(timeline: TimelineStatus[]): boolean {
  const ordered = [...timeline].sort((a, b) => a.sequence - b.sequence);
  return ordered.every((status, index) => index === 0 || !ordered[index - 1]?.final || status.reopens);
}

describe('status placement', () => {
  it('R11: any arrival order of a valid history ends in the same timeline, consistent at every step', () => {
    const history = [status(1), status(2), status(3, true), status(4, false, true), status(5, true)];
    fc.assert(
      fc.property(fc.shuffledSubarray(history, { minLength: history.length, maxLength: history.length }), (arrivals) => {
        const timeline = apply(arrivals);
        const ordered = [...timeline].sort((a, b) => a.sequence - b.sequence);
        expect(ordered.map((s) => s.sequence)).toEqual([1, 2, 3, 4, 5]);
        expect(currentStatus(timeline)?.sequence).toBe(5);
      }),
    );
  });

  it('R11: repeats are recognised; a changed repeat is a conflict', () => {
    const timeline = [status(1)];
    expect(placeStatus(timeline, status(1)).kind).toBe('repeat');
    expect(placeStatus(timeline, { ...status(1), label: 'anders' }).kind).toBe('conflict');
    expect(placeStatus(timeline, { ...status(1), occurredAt: new Date(0) }).kind).toBe('conflict');
  });

  it('R11: after a final status only a reopening status is placed', () => {
    const timeline = [status(1), status(2, true)];
    expect(placeStatus(timeline, status(3)).kind).toBe('after-final');
    expect(placeStatus(timeline, status(3, false, true)).kind).toBe('insert');
    expect(placeStatus([status(1), status(3)], status(2, true)).kind).toBe('final-before-later');
  });
});
