import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { findViolations, format, type Rule } from './architecture-rules.ts';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

describe('architecture', () => {
  it('the source tree keeps the architecture', () => {
    const violations = findViolations(repositoryRoot);
    expect(violations.map(format)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// The checker itself, on small fixture trees.
// ---------------------------------------------------------------------------------------------

/** A small tree that keeps every rule, including the things that look like violations but are not. */
const baseline: Record<string, string> = {
  'src/config.ts': `export interface Config { databaseUrl: string }\n`,
  'src/app.ts': [
    `import type { Config } from './config.ts';`,
    `import { createDatabase } from './platform/db/database.ts';`,
    `import { startServer } from './platform/http/server.ts';`,
    `import { inboxRoutes } from './inbox/index.ts';`,
    `import { casesRoutes } from './cases/index.ts';`,
    `import { seedDemo } from './dev/index.ts';`,
    `export function app(config: Config) { return [createDatabase(config.databaseUrl), startServer, inboxRoutes, casesRoutes, seedDemo]; }`,
  ].join('\n'),
  'src/cli.ts': `import { app } from './app.ts';\nimport { seedDemo } from './dev/index.ts';\nexport const cli = { app, seedDemo };\n`,
  'src/platform/db/database.ts': [
    `import { Kysely, sql } from 'kysely';`,
    `export function createDatabase(url: string) { return new Kysely({ dialect: url as never }); }`,
    `export const ping = (db: Kysely<never>) => sql\`select 1\`.execute(db);`,
  ].join('\n'),
  'src/platform/db/migrations/0001-inbox.ts': `import { sql } from 'kysely';\nexport const up = sql\`create table messages ()\`;\n`,
  'src/platform/http/server.ts': `import http from 'node:http';\nimport { createDatabase } from '../db/database.ts';\nexport const startServer = () => [http, createDatabase];\n`,
  'src/inbox/index.ts': `export { inboxRoutes } from './inbox-routes.ts';\nexport type { Message } from './inbox-store.ts';\n`,
  'src/inbox/inbox-store.ts': [
    `import { sql } from 'kysely';`,
    `export interface Message { id: string }`,
    `export const listMessages = (db: any) => db.selectFrom('messages').where(sql\`true\`).selectAll().execute();`,
  ].join('\n'),
  'src/inbox/inbox-routes.ts': [
    `// import { listCases } from '../cases/case-store.ts'; db.selectFrom('messages') -- only a comment`,
    `import { listMessages } from './inbox-store.ts';`,
    `import { caseSummary } from '../cases/index.ts';`,
    `import { createDatabase } from '../platform/db/database.ts';`,
    `import type { Config } from '../config.ts';`,
    `const help = "import x from '../dev/index.ts'; sql\`select 1\`";`,
    `export const inboxRoutes = (config: Config) => [listMessages, caseSummary, createDatabase(config.databaseUrl), help];`,
  ].join('\n'),
  'src/inbox/inbox.test.ts': `import { listCases } from '../cases/case-store.ts';\nexport const t = (db: any) => [listCases, db.selectFrom('x')];\n`,
  'src/cases/index.ts': `export { caseSummary, casesRoutes } from './cases.ts';\n`,
  'src/cases/cases.ts': `import { listCases } from './case-store.ts';\nexport const caseSummary = listCases;\nexport const casesRoutes = [listCases];\n`,
  'src/cases/case-store.ts': `export const listCases = (db: any) => db.selectFrom('cases').selectAll().execute();\n`,
  'src/cases/demo/index.ts': `export { demoCases } from './demo-cases.ts';\n`,
  'src/cases/demo/demo-cases.ts': `import type { caseSummary } from '../index.ts';\nexport const demoCases: (typeof caseSummary)[] = [];\n`,
  'src/dev/index.ts': `import { demoCases } from '../cases/demo/index.ts';\nimport { inboxRoutes } from '../inbox/index.ts';\nexport const seedDemo = () => [demoCases, inboxRoutes];\n`,
};

const tempDirs: string[] = [];

afterEach(() => {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** Writes the baseline plus `changes` (added or replaced files) into a fresh temp dir; returns its root. */
function fixture(changes: Record<string, string> = {}): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'architecture-'));
  tempDirs.push(root);
  for (const [file, text] of Object.entries({ ...baseline, ...changes })) {
    fs.mkdirSync(path.join(root, path.dirname(file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}

function rulesBroken(changes: Record<string, string>): [Rule, string][] {
  return findViolations(fixture(changes)).map((v) => [v.rule, v.file]);
}

describe('architecture checker', () => {
  it('finds nothing in a clean tree (comments, strings and test files are ignored)', () => {
    expect(findViolations(fixture()).map(format)).toEqual([]);
  });

  describe('domain-boundary', () => {
    it('fails on a planted violation: importing another module’s internals', () => {
      expect(rulesBroken({ 'src/cases/service.ts': `import { listMessages } from '../inbox/inbox-store.ts';\nexport const s = listMessages;\n` })).toEqual([
        ['domain-boundary', 'src/cases/service.ts'],
      ]);
    });

    it.each([
      ['import type', `import type { Message } from '../inbox/inbox-store.ts';`],
      ['export … from', `export { listMessages } from '../inbox/inbox-store.ts';`],
      ['dynamic import()', `export const load = () => import('../inbox/inbox-store.ts');`],
      ['typeof import()', `export type Store = typeof import('../inbox/inbox-store.ts');`],
      ['an extensionless specifier', `import { listMessages } from '../inbox/inbox-store';\nexport const s = listMessages;`],
    ])('counts %s as a dependency', (_form, text) => {
      expect(rulesBroken({ 'src/cases/service.ts': text })).toEqual([['domain-boundary', 'src/cases/service.ts']]);
    });

    it('allows a directory import that resolves to the module’s index.ts', () => {
      expect(rulesBroken({ 'src/cases/service.ts': `import { inboxRoutes } from '../inbox';\nexport const s = inboxRoutes;\n` })).toEqual([]);
    });

    it('fails when a module imports a composition-root file other than config.ts', () => {
      expect(rulesBroken({ 'src/cases/service.ts': `import { app } from '../app.ts';\nexport const s = app;\n` })).toEqual([
        ['domain-boundary', 'src/cases/service.ts'],
      ]);
    });

    it('fails on a planted violation: a non-demo module file importing another module’s demo entry point', () => {
      expect(rulesBroken({ 'src/inbox/service.ts': `import { demoCases } from '../cases/demo/index.ts';\nexport const s = demoCases;\n` })).toEqual([
        ['domain-boundary', 'src/inbox/service.ts'],
      ]);
    });

    it('lets demo files import a module’s demo entry points (demo/index.ts, dev.ts)', () => {
      expect(
        rulesBroken({
          'src/cases/dev.ts': `export { demoCases } from './demo/index.ts';\n`,
          'src/dev/index.ts': `import { demoCases } from '../cases/demo/index.ts';\nimport * as casesDev from '../cases/dev.ts';\nexport const seedDemo = () => [demoCases, casesDev];\n`,
          'src/inbox/demo/demo-inbox.ts': `import { demoCases } from '../../cases/demo/index.ts';\nexport const demoInbox = demoCases;\n`,
        }),
      ).toEqual([]);
    });

    it('fails when a demo file reaches past a module’s demo entry point', () => {
      expect(rulesBroken({ 'src/dev/index.ts': `import { demoCases } from '../cases/demo/demo-cases.ts';\nexport const seedDemo = () => demoCases;\n` })).toEqual([
        ['domain-boundary', 'src/dev/index.ts'],
      ]);
    });
  });

  describe('platform-independent', () => {
    it('fails on a planted violation: platform importing a module', () => {
      expect(rulesBroken({ 'src/platform/http/x.ts': `import { inboxRoutes } from '../../inbox/index.ts';\nexport const x = inboxRoutes;\n` })).toEqual([
        ['platform-independent', 'src/platform/http/x.ts'],
      ]);
    });

    it('fails on a planted violation: platform importing config.ts', () => {
      expect(rulesBroken({ 'src/platform/settings.ts': `import type { Config } from '../config.ts';\nexport type Settings = Config;\n` })).toEqual([
        ['platform-independent', 'src/platform/settings.ts'],
      ]);
    });
  });

  describe('sql-in-stores', () => {
    it('fails on a planted violation: a query builder outside a store', () => {
      expect(rulesBroken({ 'src/inbox/routes.ts': `export const routes = (db: any) => db.selectFrom('x').selectAll().execute();\n` })).toEqual([
        ['sql-in-stores', 'src/inbox/routes.ts'],
      ]);
    });

    it('fails on a planted violation: kysely’s sql template outside a store', () => {
      expect(rulesBroken({ 'src/inbox/routes.ts': `import { sql } from 'kysely';\nexport const q = sql\`select 1\`;\n` })).toEqual([
        ['sql-in-stores', 'src/inbox/routes.ts'],
      ]);
    });

    it.each([
      ['sql.raw()', `import { sql } from 'kysely';\nexport const q = sql.raw('select 1');`],
      ['sql.ref()', `import { sql } from 'kysely';\nexport const q = sql.ref('messages.id');`],
      ['sql<T>`…`', `import { sql } from 'kysely';\nexport const q = sql<number>\`select 1\`;`],
      ['sql.lit`…` (a tagged sql member)', `import { sql } from 'kysely';\nexport const q = sql.lit\`x\`;`],
      ['an aliased import', `import { sql as q } from 'kysely';\nexport const x = q\`select 1\`;`],
      ['a namespace import', `import * as k from 'kysely';\nexport const x = k.sql\`select 1\`;`],
      ['insertInto', `export const add = (db: any) => db.insertInto('messages').values({}).execute();`],
      ['deleteFrom via transaction', `export const del = (db: any) => db.transaction().execute((trx: any) => trx.deleteFrom('t').execute());`],
    ])('counts %s as building SQL', (_form, text) => {
      expect(rulesBroken({ 'src/inbox/routes.ts': text })).toEqual([['sql-in-stores', 'src/inbox/routes.ts']]);
    });

    it('does not flag an `sql` that is not kysely’s, nor look-alike method names', () => {
      expect(
        rulesBroken({
          'src/inbox/sql-helpers.ts': `export const sql = (parts: TemplateStringsArray) => parts.join('');\n`,
          'src/inbox/routes.ts': [
            `import { sql } from './sql-helpers.ts';`,
            `export const q = sql\`select 1\`;`,
            `export const cached = (cache: any) => cache.selectFromCache('x');`,
            `export const r = (sqlx: any) => sqlx.raw('x');`,
          ].join('\n'),
        }),
      ).toEqual([]);
    });

    it('allows SQL in store.ts, *-store.ts(x) and src/platform/db/**', () => {
      const query = `import { sql } from 'kysely';\nexport const q = (db: any) => [db.updateTable('t'), sql\`select 1\`];\n`;
      expect(
        rulesBroken({
          'src/inbox/store.ts': query,
          'src/inbox/preferences-store.tsx': query,
          'src/platform/db/seed-schema.ts': query,
        }),
      ).toEqual([]);
    });
  });

  describe('demo-behind-seam', () => {
    it('fails on a planted violation: a module importing src/dev', () => {
      expect(rulesBroken({ 'src/inbox/service.ts': `import { seedDemo } from '../dev/index.ts';\nexport const s = seedDemo;\n` })).toEqual([
        ['demo-behind-seam', 'src/inbox/service.ts'],
      ]);
    });

    it('fails on a planted violation: a module importing its own demo data', () => {
      expect(
        rulesBroken({
          'src/inbox/demo/demo-data.ts': `export const demoMessages = [];\n`,
          'src/inbox/service.ts': `import { demoMessages } from './demo/demo-data.ts';\nexport const s = demoMessages;\n`,
        }),
      ).toEqual([['demo-behind-seam', 'src/inbox/service.ts']]);
    });

    it('fails when a module’s index.ts re-exports demo pieces', () => {
      expect(
        rulesBroken({
          'src/cases/demo-seed.ts': `export const seed = [];\n`,
          'src/cases/index.ts': `export { caseSummary, casesRoutes } from './cases.ts';\nexport { seed } from './demo-seed.ts';\n`,
        }),
      ).toEqual([['demo-behind-seam', 'src/cases/index.ts']]);
    });

    it('fails when config.ts (composition root, but not the seam) imports demo data', () => {
      expect(rulesBroken({ 'src/config.ts': `import { seedDemo } from './dev/index.ts';\nexport interface Config { databaseUrl: string }\nexport const d = seedDemo;\n` })).toEqual([
        ['demo-behind-seam', 'src/config.ts'],
      ]);
    });
  });
});
