import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';

/**
 * One pino logger for the process. Requests are logged by method, route pattern and status only:
 * never the raw path (it can hold ids and organisations' case references, which are personal
 * data), no query strings, headers or bodies, so no personal data or tokens reach the logs.
 * Without a destination it writes to standard output; tests pass one to read what was logged.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level,
    base: { service: 'burgerportaal' },
    serializers: {
      req: (req: { method?: string; routeOptions?: { url?: string }; id?: string }) => ({ method: req.method, route: req.routeOptions?.url ?? 'unmatched', id: req.id }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
    redact: { paths: ['*.bsn', '*.email', '*.password', 'bsn', 'email'], censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}
