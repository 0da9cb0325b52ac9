import fs from 'node:fs';
import path from 'node:path';
import { generateBsns } from './lib/population.ts';
import { spawnPortal } from './lib/processes.ts';
import { round } from './lib/stats.ts';

/** Runs `burgerportaal population import FILE` as its own process; wall time and peak memory. */
async function runImport(env: Record<string, string>, file: string): Promise<{ seconds: number; peakMb: number; output: string }> {
  const started = performance.now();
  const importer = spawnPortal(['population', 'import', file], env);
  // The high-water mark is gone with the process: sample it while the import runs.
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, importer.peakRssMb())), 250);
  const code = await new Promise<number | null>((resolve) => importer.process.once('exit', resolve));
  clearInterval(timer);
  const output = importer.output();
  if (code !== 0) throw new Error(`population import failed: ${output}`);
  return { seconds: (performance.now() - started) / 1000, peakMb: Math.round(peak), output: output.trim().split('\n').at(-1) ?? '' };
}

/**
 * R2 at scale: a register extract of N residents (1 % under 14, 0.1 % bad lines) imported into an
 * empty accounts table, then the same file again (the idempotent path: nothing to create).
 */
export async function runPopulationImport(input: { env: Record<string, string>; dataDir: string; residents: number }) {
  const file = path.join(input.dataDir, 'extract.csv');
  const out = fs.createWriteStream(file);
  out.write('bsn,birth_date,date_of_death\n');
  const bsns = generateBsns(input.residents, 500_000_000);
  for (const [i, bsn] of bsns.entries()) {
    const birth = i % 100 === 0 ? '2020-01-01' : `${1930 + (i % 75)}-${String(1 + (i % 12)).padStart(2, '0')}-15`;
    if (!out.write(i % 1000 === 999 ? `${bsn.slice(0, 8)}x,${birth},\n` : `${bsn},${birth},\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(resolve));
  const first = await runImport(input.env, file);
  const again = await runImport(input.env, file);
  return {
    residents: input.residents,
    seconds: round(first.seconds),
    residentsPerSecond: Math.round(input.residents / first.seconds),
    peakMb: first.peakMb,
    result: first.output,
    reimportSeconds: round(again.seconds),
    reimportPeakMb: again.peakMb,
    reimportResult: again.output,
  };
}
