/**
 * Architecture checker for the modular monolith under src/.
 *
 * It reads source files as text and parses them with TypeScript's own parser, so imports and
 * SQL calls mentioned in comments or strings are never mistaken for real ones.
 *
 * Layout of src/:
 * - `src/platform/**`  the platform: technical building blocks shared by every module;
 * - `src/*.ts`         the composition root (app.ts, cli.ts, config.ts);
 * - `src/<name>/**`    every other top-level folder is a module (domain).
 *
 * Test files (`*.test.ts`, `*.test.tsx`) and anything outside src/ are not checked.
 * Type-only imports count like value imports: they are a dependency all the same.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export type Rule = 'domain-boundary' | 'platform-independent' | 'sql-in-stores' | 'demo-behind-seam';

export interface Violation {
  rule: Rule;
  /** Importing / offending file, relative to the checked root, with forward slashes (e.g. `src/inbox/routes.ts`). */
  file: string;
  detail: string;
}

export function format(violation: Violation): string {
  return `[${violation.rule}] ${violation.file}: ${violation.detail}`;
}

/** Files whose imports the composition root may use to reach demo code (src/app.ts, src/cli.ts). */
const SEAM_OWNERS = new Set(['app.ts', 'cli.ts']);
/** The composition-root file modules may import: configuration types. */
const MODULE_VISIBLE_ROOT_FILES = new Set(['config.ts']);
/** Kysely query-builder entry points; calling one of these is "building SQL". */
const QUERY_BUILDERS = new Set(['selectFrom', 'insertInto', 'updateTable', 'deleteFrom', 'mergeInto', 'replaceInto']);

const SOURCE_FILE = /\.(ts|tsx)$/;
const TEST_FILE = /\.test\.tsx?$/;

// ---------------------------------------------------------------------------------------------
// Classifying files. All paths below are relative to src/ and use forward slashes.
// ---------------------------------------------------------------------------------------------

type Area = { kind: 'root' } | { kind: 'platform' } | { kind: 'module'; name: string } | { kind: 'outside' };

function areaOf(srcPath: string): Area {
  if (srcPath === '..' || srcPath.startsWith('../') || path.posix.isAbsolute(srcPath)) return { kind: 'outside' };
  const segments = srcPath.split('/');
  if (segments.length === 1) return { kind: 'root' };
  if (segments[0] === 'platform') return { kind: 'platform' };
  return { kind: 'module', name: segments[0]! };
}

function isTestFile(srcPath: string): boolean {
  return TEST_FILE.test(srcPath);
}

/** A store: base name `store.ts`, or ending in `-store.ts` / `-store.tsx`; or anything under platform/db. */
function isStore(srcPath: string): boolean {
  const base = path.posix.basename(srcPath);
  // A module's migrations (src/<module>/migrations/) are its schema history, like platform/db's.
  return base === 'store.ts' || /-store\.tsx?$/.test(base) || srcPath.startsWith('platform/db/') || /^[^/]+\/migrations\//.test(srcPath);
}

/**
 * A demo file: a path segment named `demo` or `dev` (a folder, or the file itself without its
 * extension, so `src/cases/dev.ts` counts), or a base name starting with `demo-` or containing `-demo`.
 */
export function isDemoFile(srcPath: string): boolean {
  const segments = srcPath.split('/');
  const base = segments.pop()!;
  const stem = base.replace(/\.[^.]*$/, '');
  if (segments.includes('demo') || segments.includes('dev')) return true;
  if (stem === 'demo' || stem === 'dev') return true;
  return base.startsWith('demo-') || base.includes('-demo');
}

/** The files through which module `name` exposes its demo / stand-in pieces (to demo files only). */
function demoEntryPoints(name: string): string[] {
  return [`${name}/demo/index.ts`, `${name}/dev.ts`];
}

// ---------------------------------------------------------------------------------------------
// Reading imports.
// ---------------------------------------------------------------------------------------------

interface ImportRef {
  specifier: string;
  line: number;
}

function parse(absPath: string): ts.SourceFile {
  const text = fs.readFileSync(absPath, 'utf8');
  const kind = absPath.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  return ts.createSourceFile(absPath, text, ts.ScriptTarget.Latest, true, kind);
}

function lineOf(source: ts.SourceFile, node: ts.Node): number {
  return source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
}

function stringValue(node: ts.Node | undefined): string | undefined {
  return node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined;
}

/**
 * Every module specifier the file depends on: `import … from`, `import type … from`, bare `import '…'`,
 * `export … from`, `import x = require('…')`, `import('…')` with a literal, and `typeof import('…')` types.
 */
function importsOf(source: ts.SourceFile): ImportRef[] {
  const refs: ImportRef[] = [];
  const add = (specifier: string | undefined, node: ts.Node) => {
    if (specifier !== undefined) refs.push({ specifier, line: lineOf(source, node) });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
      add(stringValue(node.moduleSpecifier), node);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(stringValue(node.moduleReference.expression), node);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(stringValue(node.arguments[0]), node);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(stringValue(node.argument.literal), node);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return refs;
}

/**
 * Resolves a relative (or absolute) specifier to a path relative to src/; undefined for packages and
 * `node:` builtins. Tries the path as written, `.js` → `.ts`/`.tsx`, then `.ts`, `.tsx`, `/index.ts`,
 * `/index.tsx`. An import that resolves to nothing is still classified by the path it names.
 */
function resolveImport(srcDir: string, importerAbs: string, specifier: string): string | undefined {
  const isPath = specifier === '.' || specifier === '..' || /^\.{1,2}\//.test(specifier) || path.isAbsolute(specifier);
  if (!isPath) return undefined;
  const target = path.resolve(path.dirname(importerAbs), specifier);
  const jsStem = /\.(m?js|jsx)$/.test(target) ? target.replace(/\.(m?js|jsx)$/, '') : undefined;
  const candidates = [
    target,
    ...(jsStem === undefined ? [] : [`${jsStem}.ts`, `${jsStem}.tsx`]),
    `${target}.ts`,
    `${target}.tsx`,
    path.join(target, 'index.ts'),
    path.join(target, 'index.tsx'),
  ];
  const found = candidates.find((candidate) => fs.statSync(candidate, { throwIfNoEntry: false })?.isFile()) ?? target;
  return toPosix(path.relative(srcDir, found));
}

// ---------------------------------------------------------------------------------------------
// The dependency rules. Each import is reported at most once, by the first rule it breaks, in the
// order platform-independent → domain-boundary → demo-behind-seam.
// ---------------------------------------------------------------------------------------------

/**
 * platform-independent — platform code may import only platform code (plus packages and node:
 * builtins). Why: the platform must stay reusable and must not know about any domain, so it cannot
 * lean on a module or on the composition root (not even config.ts; it takes its settings as arguments).
 */
function platformIndependent(from: string, to: string): string | undefined {
  if (areaOf(from).kind !== 'platform') return undefined;
  const target = areaOf(to);
  if (target.kind === 'platform') return undefined;
  const what =
    target.kind === 'module' ? `module '${target.name}'` : target.kind === 'root' ? 'the composition root' : 'a file outside src/';
  return `platform code imports ${what}; the platform may only import src/platform/** and packages`;
}

/**
 * domain-boundary — a module reaches another module only through that module's `index.ts`; demo
 * files may also use its demo entry points (`demo/index.ts`, `dev.ts`). Modules may use the platform
 * and src/config.ts, but no other composition-root file. Why: with narrow, explicit public surfaces a
 * module can later be split off into its own service without untangling its internals.
 */
function domainBoundary(from: string, to: string): string | undefined {
  const source = areaOf(from);
  if (source.kind !== 'module') return undefined;
  const target = areaOf(to);
  if (target.kind === 'root') {
    return MODULE_VISIBLE_ROOT_FILES.has(to)
      ? undefined
      : `module '${source.name}' imports the composition root; modules may only import src/config.ts from there`;
  }
  if (target.kind !== 'module' || target.name === source.name) return undefined;
  if (to === `${target.name}/index.ts`) return undefined;
  if (demoEntryPoints(target.name).includes(to)) {
    return isDemoFile(from)
      ? undefined
      : `src/${to} is module '${target.name}''s demo entry point; only demo files may import it`;
  }
  const allowed = isDemoFile(from) ? [`${target.name}/index.ts`, ...demoEntryPoints(target.name)] : [`${target.name}/index.ts`];
  return `module '${source.name}' reaches into module '${target.name}'; import ${allowed.map((p) => `src/${p}`).join(' or ')} instead`;
}

/**
 * demo-behind-seam — production code imports no demo data: a non-demo file may import a demo file only
 * when it is src/app.ts or src/cli.ts (the seam: app.ts/cli.ts → src/dev/index.ts → demo files). A
 * module exposes its demo pieces only via `src/<module>/demo/index.ts` or `src/<module>/dev.ts`, never
 * via its index.ts. Why: demo data and stand-ins must never reach a production code path.
 */
function demoBehindSeam(from: string, to: string): string | undefined {
  if (areaOf(to).kind === 'outside' || !isDemoFile(to) || isDemoFile(from)) return undefined;
  if (areaOf(from).kind === 'root' && SEAM_OWNERS.has(from)) return undefined;
  return 'production code imports a demo file; only src/app.ts, src/cli.ts and demo files may';
}

const DEPENDENCY_RULES: [Rule, (from: string, to: string) => string | undefined][] = [
  ['platform-independent', platformIndependent],
  ['domain-boundary', domainBoundary],
  ['demo-behind-seam', demoBehindSeam],
];

// ---------------------------------------------------------------------------------------------
// sql-in-stores — only stores (and src/platform/db: setup and migrations) build SQL. Why: with all
// SQL of a module in its store files, which module owns which table stays visible in one place.
// ---------------------------------------------------------------------------------------------

/** Local names that refer to kysely's `sql`: `import { sql } from 'kysely'` (or `sql as q`), and `k` in `import * as k`. */
function kyselySqlBindings(source: ts.SourceFile): { sqlNames: Set<string>; namespaces: Set<string> } {
  const sqlNames = new Set<string>();
  const namespaces = new Set<string>();
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || stringValue(statement.moduleSpecifier) !== 'kysely') continue;
    const bindings = statement.importClause?.namedBindings;
    if (!bindings) continue;
    if (ts.isNamespaceImport(bindings)) {
      namespaces.add(bindings.name.text);
    } else {
      for (const element of bindings.elements) {
        if ((element.propertyName ?? element.name).text === 'sql') sqlNames.add(element.name.text);
      }
    }
  }
  return { sqlNames, namespaces };
}

function sqlBuilderUses(source: ts.SourceFile): { what: string; line: number }[] {
  const { sqlNames, namespaces } = kyselySqlBindings(source);
  const isSql = (node: ts.Expression): boolean =>
    (ts.isIdentifier(node) && sqlNames.has(node.text)) ||
    (ts.isPropertyAccessExpression(node) &&
      node.name.text === 'sql' &&
      ts.isIdentifier(node.expression) &&
      namespaces.has(node.expression.text));
  const isSqlMember = (node: ts.Expression): node is ts.PropertyAccessExpression =>
    ts.isPropertyAccessExpression(node) && isSql(node.expression);

  const uses: { what: string; line: number }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (ts.isPropertyAccessExpression(callee) && QUERY_BUILDERS.has(callee.name.text)) {
        uses.push({ what: `.${callee.name.text}()`, line: lineOf(source, node) });
      } else if (
        ts.isElementAccessExpression(callee) &&
        QUERY_BUILDERS.has(stringValue(callee.argumentExpression) ?? '')
      ) {
        uses.push({ what: `['${stringValue(callee.argumentExpression)}']()`, line: lineOf(source, node) });
      } else if (isSqlMember(callee)) {
        uses.push({ what: `sql.${callee.name.text}()`, line: lineOf(source, node) });
      }
    } else if (ts.isTaggedTemplateExpression(node) && (isSql(node.tag) || isSqlMember(node.tag))) {
      const tag = isSqlMember(node.tag) ? `sql.${node.tag.name.text}` : 'sql';
      uses.push({ what: `${tag}\`…\``, line: lineOf(source, node) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return uses;
}

// ---------------------------------------------------------------------------------------------
// The checker.
// ---------------------------------------------------------------------------------------------

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const files: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const abs = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') files.push(...sourceFiles(abs));
    } else if (entry.isFile() && SOURCE_FILE.test(entry.name)) {
      files.push(abs);
    }
  }
  return files;
}

/** Checks every non-test source file under `rootDir/src`; paths in the result are relative to rootDir. */
export function findViolations(rootDir: string): Violation[] {
  const srcDir = path.join(rootDir, 'src');
  const violations: Violation[] = [];

  for (const abs of sourceFiles(srcDir)) {
    const from = toPosix(path.relative(srcDir, abs));
    if (isTestFile(from)) continue;
    const file = `src/${from}`;
    const source = parse(abs);

    for (const { specifier, line } of importsOf(source)) {
      const to = resolveImport(srcDir, abs, specifier);
      if (to === undefined) continue;
      for (const [rule, check] of DEPENDENCY_RULES) {
        const problem = check(from, to);
        if (problem !== undefined) {
          const shown = to.startsWith('../') ? toPosix(path.relative(rootDir, path.join(srcDir, to))) : `src/${to}`;
          violations.push({ rule, file, detail: `line ${line}: imports '${specifier}' (${shown}) — ${problem}` });
          break;
        }
      }
    }

    if (!isStore(from)) {
      for (const { what, line } of sqlBuilderUses(source)) {
        violations.push({
          rule: 'sql-in-stores',
          file,
          detail: `line ${line}: builds SQL with ${what} outside a store; move it to a store.ts / *-store.ts`,
        });
      }
    }
  }
  return violations;
}
