import type { ChildProcess } from 'node:child_process';
import net from 'node:net';
import { spawnPortal } from './processes.ts';

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
  const server = spawnPortal(input.args, { ...input.env, PORT: String(input.port), API_PORT: String(input.apiPort) });
  const child = server.process;
  const baseUrl = `http://127.0.0.1:${input.port}`;
  const apiOnly = input.args.includes('--api') && !input.args.includes('--web');
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${server.output()}`);
    try {
      if (apiOnly ? await accepts(input.apiPort) : (await fetch(`${baseUrl}/health`)).ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start: ${server.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { process: child, baseUrl, apiUrl: `https://localhost:${input.apiPort}`, peakRssMb: server.peakRssMb, stop: server.stop };
}
