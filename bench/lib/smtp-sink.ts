import type { AddressInfo } from 'node:net';
import { fork } from 'node:child_process';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';

/** What the sink has seen: mails, distinct recipients, and when the first and last mail came in (epoch ms). */
export interface SinkStats {
  mails: number;
  recipients: number;
  distinctRecipients: number;
  firstMailAt: number | null;
  lastMailAt: number | null;
}

export interface SmtpSink {
  url: string;
  stats(): Promise<SinkStats>;
  pid: number;
  close(): Promise<void>;
}

/**
 * An SMTP server that accepts mail, keeps only the recipients and counts them, in a process of its
 * own: parsing SMTP then does not share the bench's event loop (nor a core with its timers).
 */
export async function startSmtpSink(): Promise<SmtpSink> {
  // Plain Node strips the types of this file; no TypeScript loader in the sink process.
  const child = fork(import.meta.filename, ['--sink'], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`SMTP sink exited (${code})`)));
  });
  let pending: ((stats: SinkStats) => void)[] = [];
  child.on('message', (message) => {
    const waiting = pending;
    pending = [];
    for (const resolve of waiting) resolve(message as SinkStats);
  });
  return {
    url: `smtp://127.0.0.1:${port}`,
    pid: child.pid ?? 0,
    stats: () =>
      new Promise((resolve) => {
        pending.push(resolve);
        child.send('stats');
      }),
    close: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The sink process: listens on a free port, answers 'stats' over IPC. */
async function runSink(): Promise<void> {
  const recipients = new Set<string>();
  const stats: SinkStats = { mails: 0, recipients: 0, distinctRecipients: 0, firstMailAt: null, lastMailAt: null };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    maxClients: 1000,
    onMailFrom(_address, _session, callback) {
      stats.firstMailAt ??= Date.now();
      callback();
    },
    onData(stream, session, callback) {
      stream.on('end', () => {
        stats.mails++;
        for (const to of session.envelope.rcptTo) {
          stats.recipients++;
          recipients.add(to.address);
        }
        stats.lastMailAt = Date.now();
        callback();
      });
      stream.resume();
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.on('message', () => process.send?.({ ...stats, distinctRecipients: recipients.size }));
  // Nothing to flush: the bench has read the figures by now.
  process.on('SIGTERM', () => process.exit(0));
  process.send?.({ port: (server.server.address() as AddressInfo).port });
}

if (process.argv[2] === '--sink' && path.resolve(process.argv[1] ?? '') === import.meta.filename) await runSink();
