import { randomInt } from 'node:crypto';

/** A uniform number in (0, 1]; injectable so tests can draw many samples reproducibly. */
export type Uniform = () => number;

export const secureUniform: Uniform = () => (randomInt(0, 2 ** 47) + 1) / 2 ** 47;

/**
 * The two-sided geometric mechanism (the discrete Laplace mechanism of Ghosh, Roughgarden and
 * Sundararajan): P(X = k) ∝ α^|k| with α = e^(−ε), for a count of sensitivity 1. It is the
 * difference of two geometric draws; integers stay integers.
 */
export function geometricNoise(epsilon: number, uniform: Uniform = secureUniform): number {
  const alpha = Math.exp(-epsilon);
  const draw = () => Math.floor(Math.log(uniform()) / Math.log(alpha));
  return draw() - draw();
}

export interface Cell {
  dimension: string;
  count: number;
}

export interface PublishedCell extends Cell {
  /** The figure as published (noised, never below 0), or null when suppressed. */
  published: number | null;
}

/**
 * Publishes one group of figures (one metric of one day) with its total:
 * - primary suppression: a count below `minCount` is not published;
 * - secondary suppression: when exactly one cell is suppressed, the smallest other cell is too,
 *   so it cannot be derived as the total minus the others;
 * - every published figure, the total included, carries independent geometric noise.
 */
export function publishGroup(cells: readonly Cell[], options: { minCount: number; epsilon: number; uniform?: Uniform }): PublishedCell[] {
  // A figure without breakdown (one cell) is its own total: publishing both would spend ε twice.
  if (cells.length === 1 && cells[0]) {
    const [cell] = cells;
    return [{ ...cell, published: cell.count < options.minCount ? null : Math.max(0, cell.count + geometricNoise(options.epsilon, options.uniform)) }];
  }
  const total: Cell = { dimension: 'total', count: cells.reduce((sum, cell) => sum + cell.count, 0) };
  const suppressed = new Set(cells.filter((cell) => cell.count < options.minCount).map((cell) => cell.dimension));
  if (total.count < options.minCount) suppressed.add('total');
  if (suppressed.size === 1 && !suppressed.has('total')) {
    const next = cells.filter((cell) => !suppressed.has(cell.dimension)).sort((a, b) => a.count - b.count || a.dimension.localeCompare(b.dimension))[0];
    suppressed.add(next ? next.dimension : 'total');
  }
  return [...cells, total].map((cell) => ({
    ...cell,
    published: suppressed.has(cell.dimension) ? null : Math.max(0, cell.count + geometricNoise(options.epsilon, options.uniform)),
  }));
}
