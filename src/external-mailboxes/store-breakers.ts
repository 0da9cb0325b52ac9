import CircuitBreaker from 'opossum';
import type { Logger } from 'pino';
import type { RegisterSettings } from '../config.ts';
import { StoreError } from './magazijn-client.ts';

type Task = () => Promise<unknown>;

/**
 * One circuit breaker per message store, shared by all citizens: a store that keeps failing is
 * not asked for a while, so the inbox shows its note at once instead of waiting for timeouts.
 * "Not found" and a withdrawal's abort are answers, not failures, and do not count.
 */
export class StoreBreakers {
  private readonly breakers = new Map<string, CircuitBreaker<[Task], unknown>>();

  constructor(private readonly options: { settings: RegisterSettings['breaker']; logger: Logger }) {}

  async run<T>(storeId: string, task: () => Promise<T>): Promise<T> {
    try {
      return (await this.breakerFor(storeId).fire(task)) as T;
    } catch (error) {
      if (error instanceof StoreError) throw error;
      if (error instanceof Error && (error as Error & { code?: string }).code === 'EOPENBREAKER') throw new StoreError('circuit-open');
      throw new StoreError('network');
    }
  }

  shutdown(): void {
    for (const breaker of this.breakers.values()) breaker.shutdown();
  }

  private breakerFor(storeId: string): CircuitBreaker<[Task], unknown> {
    const existing = this.breakers.get(storeId);
    if (existing) return existing;
    const { settings, logger } = this.options;
    const breaker = new CircuitBreaker<[Task], unknown>((task) => task(), {
      name: `mailbox-${storeId}`,
      timeout: false,
      volumeThreshold: settings.volumeThreshold,
      errorThresholdPercentage: settings.errorThresholdPercentage,
      resetTimeout: settings.resetTimeoutMs,
      rollingCountTimeout: Math.max(10_000, settings.resetTimeoutMs),
      errorFilter: (error: unknown) => error instanceof StoreError && (error.kind === 'not-found' || error.kind === 'aborted'),
    });
    breaker.on('open', () => logger.warn({ store: storeId }, 'message store circuit opened'));
    breaker.on('close', () => logger.info({ store: storeId }, 'message store circuit closed'));
    this.breakers.set(storeId, breaker);
    return breaker;
  }
}
