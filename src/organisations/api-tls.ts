import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';
import { ensureDevCa } from './dev-ca.ts';

/**
 * The API server's certificate and the CA bundle clients must chain to: configured files in
 * production, the development CA under DATA_DIR/dev-ca otherwise.
 */
export async function loadApiTls(config: Config): Promise<{ cert: string; key: string; ca: string; devCaDir: string | null }> {
  const { tlsCertFile, tlsKeyFile, clientCaFile } = config.api;
  if (tlsCertFile && tlsKeyFile && clientCaFile) {
    return { cert: fs.readFileSync(tlsCertFile, 'utf8'), key: fs.readFileSync(tlsKeyFile, 'utf8'), ca: fs.readFileSync(clientCaFile, 'utf8'), devCaDir: null };
  }
  const devCaDir = path.join(config.dataDir, 'dev-ca');
  const devCa = await ensureDevCa(devCaDir);
  return { cert: devCa.server.cert, key: devCa.server.key, ca: clientCaFile ? fs.readFileSync(clientCaFile, 'utf8') : devCa.cert, devCaDir };
}
