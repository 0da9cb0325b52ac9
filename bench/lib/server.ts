import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { portalCommand } from './compiled.ts';

/** True when something accepts TCP connections on the port. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

export interface ServerProcess {
  process: ChildProcess;
  baseUrl: string;
  apiUrl: string;
  /** Peak resident memory so far (VmHWM), in MB. */
  peakRssMb(): number;
  stop(): Promise<void>;
}

/**
 * Starts `burgerportaal <args>` (e.g. `serve --api --processes 2`) as production would run it and
 * waits until it answers: /health for a web role, a TLS handshake port for `serve --api`.
 */
export async function startServer(input: { args: string[]; env: Record<string, string>; port: number; apiPort: number }): Promise<ServerProcess> {
  const root = path.resolve(import.meta.dirname, '../..');
  const profile = process.env.BENCH_CPU_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE_DIR}`] : [];
  const child = spawn(process.execPath, [...profile, ...portalCommand(), ...input.args], {
    cwd: root,
    env: { ...process.env, ...input.env, PORT: String(input.port), API_PORT: String(input.apiPort), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const baseUrl = `http://127.0.0.1:${input.port}`;
  const apiOnly = input.args.includes('--api') && !input.args.includes('--web');
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
    try {
      if (apiOnly ? await accepts(input.apiPort) : (await fetch(`${baseUrl}/health`)).ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  // With --processes N the cluster's workers are children of the spawned process: measure every process in the tree.
  const pids = () => {
    const all = [child.pid ?? 0];
    for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
      try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        if (all.includes(ppid)) all.push(Number(pid));
      } catch {
        // gone
      }
    }
    return all;
  };
  return {
    process: child,
    baseUrl,
    apiUrl: `https://localhost:${input.apiPort}`,
    peakRssMb() {
      let peak = 0;
      for (const pid of pids()) {
        try {
          const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
          const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
          peak = Math.max(peak, kb / 1024);
        } catch {
          // gone
        }
      }
      return Math.round(peak);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}
