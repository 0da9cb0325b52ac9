import cluster from 'node:cluster';

/** Reads `--processes N` (default 1); null for anything but a positive whole number. */
export function processCountOf(flags: string[]): number | null {
  const index = flags.indexOf('--processes');
  if (index < 0) return 1;
  const count = Number(flags[index + 1]);
  return Number.isInteger(count) && count >= 1 ? count : null;
}

/**
 * Runs one role as `count` processes with node:cluster: the primary prepares (migrations, once,
 * so the processes do not race for them), forks the processes and forks a new one when one dies
 * unexpectedly (kill -9, out of memory). HTTP roles share their ports through the primary. SIGTERM
 * or SIGINT on the primary stops every process and then the primary.
 */
export async function runAsCluster(input: { count: number; prepare: () => Promise<void>; log: (line: string) => void }): Promise<void> {
  await input.prepare();
  let stopping = false;
  const fork = () => cluster.fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    input.log(`process ${worker.process.pid} ended (${signal ?? code}); starting another`);
    fork();
  });
  const stop = () => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {});
    if (workers.length === 0) process.exit(0);
    for (const worker of workers) worker?.process.kill('SIGTERM');
    // A process that does not stop in time is ended, so the primary never hangs.
    setTimeout(() => {
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
      process.exit(0);
    }, 10_000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  for (let i = 0; i < input.count; i++) fork();
  input.log(`${input.count} processes started (primary ${process.pid})`);
}

/** True in a process that the cluster primary forked. */
export const isClusterProcess = (): boolean => cluster.isWorker;
