// Derives, from this package's source, the IAM actions Pillar needs, and compares them with a policy document.
// The deploy/aws policy is checked against it, so that an AWS call added to the code without a matching grant
// fails the unit tier instead of failing with AccessDenied in someone's account.

/** The IAM service prefix of each AWS SDK v3 client package this package may import. */
export const IAM_PREFIX_BY_PACKAGE: Readonly<Record<string, string>> = {
  '@aws-sdk/client-securityhub': 'securityhub',
  '@aws-sdk/client-config-service': 'config',
  '@aws-sdk/client-organizations': 'organizations',
  '@aws-sdk/client-sts': 'sts',
};

/**
 * Operations AWS authorises without any policy: sts:GetCallerIdentity succeeds even under an explicit deny, so
 * granting it would add a line that changes nothing. The policy leaves it out.
 */
export const NEEDS_NO_PERMISSION: ReadonlySet<string> = new Set(['sts:GetCallerIdentity']);

export interface SourceFile {
  path: string;
  text: string;
}

export interface Derivation {
  /** `service:Operation`, sorted. */
  operations: string[];
  /** Calls the derivation could not attribute to an operation: each is a reason to fail, never to skip. */
  problems: string[];
}

const IMPORT = /import\s+(type\s+)?(\{[^}]*\}|\*\s+as\s+\w+|\w+)\s+from\s+['"](@aws-sdk\/client-[\w-]+)['"]/g;

function operationOf(exported: string): string | undefined {
  const command = /^(\w+)Command$/.exec(exported);
  if (command) return command[1];
  const paginator = /^paginate(\w+)$/.exec(exported);
  return paginator?.[1];
}

const CLIENT_PACKAGE_LITERAL = /['"]@aws-sdk\/client-[\w-]+['"]/g;

/**
 * Every AWS operation the given sources can issue. A value import of a `XxxCommand` class or a `paginateXxx`
 * function from an SDK client package counts (whether it is then called with `new`, passed to a helper or sent
 * from a paginator); type-only imports do not, since they cannot issue a request. Namespace imports count by
 * their `ns.XxxCommand` / `ns.paginateXxx` uses. The aggregated clients (`new SecurityHub()` with methods such
 * as `getFindings`), dynamic imports, `require`, re-exports, unknown client packages and `new XxxCommand(` of a
 * class that was not imported from a client package are reported as problems.
 */
export function deriveOperations(files: readonly SourceFile[]): Derivation {
  const operations = new Set<string>();
  const problems: string[] = [];

  for (const file of files) {
    // Comments are read as code on purpose: a false match fails the test, a stripped-away call would not.
    const text = file.text;
    const fromSdk = new Set<string>();

    const imports = [...text.matchAll(IMPORT)];
    const references = text.match(CLIENT_PACKAGE_LITERAL)?.length ?? 0;
    if (references !== imports.length) {
      problems.push(`${file.path}: ${references - imports.length} reference(s) to an AWS SDK client package not in a plain import`);
    }
    for (const match of imports) {
      const [, typeOnly, clause = '', pkg = ''] = match;
      const prefix = IAM_PREFIX_BY_PACKAGE[pkg];
      if (!prefix) {
        problems.push(`${file.path}: imports ${pkg}, which has no IAM prefix in IAM_PREFIX_BY_PACKAGE`);
        continue;
      }
      const namespace = /^\*\s+as\s+(\w+)$/.exec(clause);
      if (namespace) {
        const ns = namespace[1] ?? '';
        for (const use of text.matchAll(new RegExp(`\\b${ns}\\.(\\w+)`, 'g'))) {
          const operation = operationOf(use[1] ?? '');
          if (operation) operations.add(`${prefix}:${operation}`);
        }
        continue;
      }
      if (!clause.startsWith('{')) {
        problems.push(`${file.path}: default import from ${pkg} is not understood`);
        continue;
      }
      for (const raw of clause.slice(1, -1).split(',')) {
        const spec = raw.trim();
        if (!spec) continue;
        const isType = Boolean(typeOnly) || spec.startsWith('type ');
        const [exported = '', local = exported] = spec.replace(/^type\s+/, '').split(/\s+as\s+/);
        fromSdk.add(local);
        if (isType) continue;
        const operation = operationOf(exported);
        if (operation) operations.add(`${prefix}:${operation}`);
        else if (/^(SecurityHub|ConfigService|Organizations|STS)$/.test(exported)) {
          problems.push(`${file.path}: the aggregated client ${exported} issues calls by method name; use commands`);
        }
      }
    }

    if (/\bimport\s*\(\s*['"]@aws-sdk\//.test(text) || /\brequire\s*\(\s*['"]@aws-sdk\//.test(text)) {
      problems.push(`${file.path}: loads an AWS SDK package dynamically`);
    }
    for (const use of text.matchAll(/\bnew\s+(\w+Command)\s*\(/g)) {
      const name = use[1] ?? '';
      if (!fromSdk.has(name)) problems.push(`${file.path}: new ${name}( is not imported from an AWS SDK client package`);
    }
  }

  return { operations: [...operations].sort(), problems };
}

interface PolicyStatement {
  Sid?: string;
  Effect?: string;
  Action?: string | string[];
  NotAction?: unknown;
  Resource?: unknown;
}

export interface PolicyDocument {
  Version?: string;
  Statement?: PolicyStatement | PolicyStatement[];
}

export function statementsOf(policy: PolicyDocument): PolicyStatement[] {
  const { Statement: statements = [] } = policy;
  return Array.isArray(statements) ? statements : [statements];
}

/** The actions a policy allows, sorted; a wildcard action is kept as written, so it shows up as extra. */
export function grantedActions(policy: PolicyDocument): string[] {
  const actions = new Set<string>();
  for (const statement of statementsOf(policy)) {
    if (statement.Effect !== 'Allow') continue;
    if (statement.NotAction !== undefined) actions.add('NotAction (grants everything else)');
    const listed = statement.Action === undefined ? [] : [statement.Action].flat();
    for (const action of listed) actions.add(action);
  }
  return [...actions].sort();
}

export interface Comparison {
  /** Called by the code, not granted: AccessDenied in production. */
  missing: string[];
  /** Granted, never called (or needing no permission): more than least privilege. */
  extra: string[];
}

export function comparePolicy(operations: readonly string[], granted: readonly string[]): Comparison {
  const required = new Set(operations.filter((op) => !NEEDS_NO_PERMISSION.has(op)));
  const allowed = new Set(granted);
  return {
    missing: [...required].filter((op) => !allowed.has(op)).sort(),
    extra: [...allowed].filter((action) => !required.has(action)).sort(),
  };
}

/**
 * The JSON body of a template written in JSON-compatible YAML: whole-line `#` comments are dropped, everything
 * else must parse as JSON (any block-style YAML fails here, loudly).
 */
export function parseJsonYaml(text: string): unknown {
  const body = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n');
  return JSON.parse(body);
}

/**
 * A template value with every `Fn::If` replaced by its else branch: the policy as deployed with every optional
 * parameter left at its default.
 */
export function withDefaultBranches(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withDefaultBranches);
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    const [only] = entries;
    if (entries.length === 1 && only?.[0] === 'Fn::If' && Array.isArray(only[1])) {
      return withDefaultBranches((only[1] as unknown[])[2]);
    }
    return Object.fromEntries(entries.map(([key, inner]) => [key, withDefaultBranches(inner)]));
  }
  return value;
}
