import CircuitBreaker from 'opossum';
import type { Logger } from 'pino';
import type { RegisterSettings } from '../config.ts';
import { SourceError } from './provider-client.ts';
import type { RegisterSource } from './register-data.ts';

type Task = () => Promise<unknown>;

/**
 * One circuit breaker per register (opossum), shared by all citizens: when a register keeps
 * failing, calls stop for a while and its block shows as unavailable at once instead of waiting.
 */
export class RegisterBreakers {
  private readonly breakers = new Map<RegisterSource, CircuitBreaker<[Task], unknown>>();

  constructor(private readonly options: { settings: RegisterSettings['breaker']; logger: Logger }) {}

  /** Runs the task through the source's breaker; an open breaker rejects with SourceError('circuit-open'). */
  async run<T>(source: RegisterSource, task: () => Promise<T>): Promise<T> {
    const breaker = this.breakerFor(source);
    try {
      return (await breaker.fire(task)) as T;
    } catch (error) {
      if (error instanceof SourceError) throw error;
      if (error instanceof Error && (error as Error & { code?: string }).code === 'EOPENBREAKER') throw new SourceError('circuit-open');
      throw new SourceError('network');
    }
  }

  /** True while the source's breaker refuses calls. */
  isOpen(source: RegisterSource): boolean {
    return this.breakers.get(source)?.opened ?? false;
  }

  /** Stops the breakers' timers. */
  shutdown(): void {
    for (const breaker of this.breakers.values()) breaker.shutdown();
  }

  private breakerFor(source: RegisterSource): CircuitBreaker<[Task], unknown> {
    const existing = this.breakers.get(source);
    if (existing) return existing;
    const { settings, logger } = this.options;
    const breaker = new CircuitBreaker<[Task], unknown>((task) => task(), {
      name: source,
      // Each request has its own timeout; the breaker only counts outcomes.
      timeout: false,
      volumeThreshold: settings.volumeThreshold,
      errorThresholdPercentage: settings.errorThresholdPercentage,
      resetTimeout: settings.resetTimeoutMs,
      rollingCountTimeout: Math.max(10_000, settings.resetTimeoutMs),
    });
    breaker.on('open', () => logger.warn({ source }, 'register circuit opened'));
    breaker.on('halfOpen', () => logger.info({ source }, 'register circuit half-open'));
    breaker.on('close', () => logger.info({ source }, 'register circuit closed'));
    this.breakers.set(source, breaker);
    return breaker;
  }
}
