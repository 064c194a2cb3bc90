// The shape prisma/schema.prisma declares, read with Prisma's own parser (wasm, offline).
import { get_dmmf } from '@prisma/prisma-schema-wasm';
import type { ColumnShape, DbShape, ForeignKeyShape, IndexShape } from './schema-shape.ts';

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: 'scalar' | 'object' | 'enum' | 'unsupported';
  isList: boolean;
  isRequired: boolean;
  type: string;
  nativeType?: [string, string[]] | null;
  default?: unknown;
  isUpdatedAt?: boolean;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
  relationOnUpdate?: string;
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
  primaryKey: { name: string | null; fields: string[] } | null;
}
interface DmmfIndex {
  model: string;
  type: 'id' | 'unique' | 'normal' | 'fulltext';
  dbName?: string | null;
  algorithm?: string;
  fields: { name: string; sortOrder?: 'asc' | 'desc'; operatorClass?: string }[];
}
interface Dmmf {
  datamodel: { models: DmmfModel[]; enums: { name: string }[]; indexes: DmmfIndex[] };
}

/** Parses the schema with Prisma's own parser (wasm, offline); throws on an invalid schema. */
export function readDmmf(schemaText: string): Dmmf {
  return JSON.parse(get_dmmf(JSON.stringify({ prismaSchema: [['schema.prisma', schemaText]], noColor: true }))) as Dmmf;
}

const POSTGRES_MAX_IDENTIFIER = 63;

/** Prisma's default constraint name: `{table}_{columns}{suffix}`, cut to Postgres' 63 bytes. */
export function prismaConstraintName(table: string, columns: readonly string[], suffix: string): string {
  const base = columns.length === 0 ? table : `${table}_${columns.join('_')}`;
  return base.slice(0, POSTGRES_MAX_IDENTIFIER - suffix.length) + suffix;
}

export function expectedShape(schemaText: string): DbShape {
  const dmmf = readDmmf(schemaText);
  if (dmmf.datamodel.enums.length > 0) throw new Error('Prisma enums are not used: vocabularies are text + CHECK');
  const models = new Map(dmmf.datamodel.models.map((m) => [m.name, m]));
  const tableOf = (model: DmmfModel) => model.dbName ?? model.name;
  const columnOf = (model: DmmfModel, fieldName: string) => {
    const field = model.fields.find((f) => f.name === fieldName);
    if (!field) throw new Error(`${model.name}.${fieldName} not found`);
    return field.dbName ?? field.name;
  };

  const tables: Record<string, Record<string, ColumnShape>> = {};
  const foreignKeys: Record<string, ForeignKeyShape> = {};
  for (const model of dmmf.datamodel.models) {
    const table = tableOf(model);
    const columns: Record<string, ColumnShape> = {};
    for (const field of model.fields) {
      if (field.kind === 'object') {
        const from = field.relationFromFields ?? [];
        if (from.length === 0) continue;
        const target = models.get(field.type);
        if (!target) throw new Error(`relation ${model.name}.${field.name} to unknown model ${field.type}`);
        const fromColumns = from.map((name) => columnOf(model, name));
        const required = from.every((name) => model.fields.find((f) => f.name === name)?.isRequired);
        foreignKeys[prismaConstraintName(table, fromColumns, '_fkey')] = {
          table,
          columns: fromColumns,
          refTable: tableOf(target),
          refColumns: (field.relationToFields ?? []).map((name) => columnOf(target, name)),
          onDelete: field.relationOnDelete ?? (required ? 'Restrict' : 'SetNull'),
          onUpdate: field.relationOnUpdate ?? 'Cascade',
        };
        continue;
      }
      if (field.kind !== 'scalar') throw new Error(`${model.name}.${field.name}: ${field.kind} fields are not used`);
      columns[field.dbName ?? field.name] = {
        type: expectedType(model, field),
        // Scalar lists are NOT NULL by this project's convention (Prisma cannot say either way).
        nullable: !field.isRequired && !field.isList,
        default: expectedDefault(field),
      };
    }
    tables[table] = columns;
  }

  const indexes: Record<string, IndexShape> = {};
  for (const index of dmmf.datamodel.indexes) {
    const model = models.get(index.model);
    if (!model) throw new Error(`index on unknown model ${index.model}`);
    const table = tableOf(model);
    const columns = index.fields.map((f) => columnOf(model, f.name));
    const kind = index.type === 'id' ? 'primary' : index.type === 'unique' ? 'unique' : 'index';
    if (index.type === 'fulltext') throw new Error('fulltext indexes are MySQL-only');
    const name =
      index.dbName ??
      (kind === 'primary'
        ? (model.primaryKey?.name ?? prismaConstraintName(table, [], '_pkey'))
        : prismaConstraintName(table, columns, kind === 'unique' ? '_key' : '_idx'));
    indexes[name] = {
      table,
      kind,
      method: (index.algorithm ?? 'BTree').toLowerCase(),
      columns: index.fields.map(
        (f, i) =>
          `${columns[i] ?? f.name}${f.sortOrder === 'desc' ? ' DESC' : ''}${f.operatorClass ? ` ${f.operatorClass.toLowerCase()}` : ''}`,
      ),
      extra: null,
    };
  }
  return { tables, indexes, foreignKeys };
}

function expectedType(model: DmmfModel, field: DmmfField): string {
  const [native, args = []] = field.nativeType ?? [null, []];
  const precision = args.length > 0 ? `(${args.join(',')})` : '';
  const unsupported = () => new Error(`${model.name}.${field.name}: no mapping for ${field.type} @db.${native}`);
  let base: string;
  switch (field.type) {
    case 'String':
      if (native === null || native === 'Text') base = 'text';
      else if (native === 'VarChar') base = `character varying${precision}`;
      else if (native === 'Char') base = `character${precision || '(1)'}`;
      else if (native === 'Uuid' || native === 'Inet' || native === 'Citext' || native === 'Xml') base = native.toLowerCase();
      else throw unsupported();
      break;
    case 'Int':
      if (native === null || native === 'Integer') base = 'integer';
      else if (native === 'SmallInt') base = 'smallint';
      else throw unsupported();
      break;
    case 'BigInt':
      base = 'bigint';
      break;
    case 'Boolean':
      base = 'boolean';
      break;
    case 'Float':
      base = native === 'Real' ? 'real' : 'double precision';
      break;
    case 'Decimal':
      base = native === null ? 'numeric(65,30)' : `numeric${precision}`;
      break;
    case 'DateTime':
      if (native === null) base = 'timestamp(3) without time zone';
      else if (native === 'Timestamptz') base = `timestamp${precision} with time zone`;
      else if (native === 'Timestamp') base = `timestamp${precision} without time zone`;
      else if (native === 'Date') base = 'date';
      else throw unsupported();
      break;
    case 'Json':
      base = native === 'Json' ? 'json' : 'jsonb';
      break;
    case 'Bytes':
      base = 'bytea';
      break;
    default:
      throw unsupported();
  }
  return field.isList ? `${base}[]` : base;
}

function expectedDefault(field: DmmfField): string | null {
  const value = field.default;
  if (value === undefined || field.isUpdatedAt) return null;
  if (Array.isArray(value)) {
    if (value.length > 0) throw new Error(`${field.name}: non-empty list defaults are not supported here`);
    return 'ARRAY[]';
  }
  if (typeof value === 'object' && value !== null && 'name' in value) {
    const fn = value as { name: string; args: unknown[] };
    if (fn.name === 'autoincrement') return 'autoincrement';
    if (fn.name === 'now') return 'now()';
    if (fn.name === 'dbgenerated') return normaliseDefault(String(fn.args[0]));
    return null; // uuid(), cuid(), ...: generated by the client, no DB default
  }
  if (typeof value === 'string') return `'${value.replace(/'/g, "''")}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new Error(`${field.name}: unsupported default ${JSON.stringify(value)}`);
}

/** Postgres' rendering of a default, reduced: casts dropped, CURRENT_TIMESTAMP = now(), '{}' = ARRAY[]. */
export function normaliseDefault(expression: string): string {
  const e = expression
    .replace(/::[a-z ]+(\(\d+(,\d+)?\))?(\[\])?/gi, '')
    .replace(/^CURRENT_TIMESTAMP(\(\d+\))?$/i, 'now()')
    .trim();
  return e === "'{}'" ? 'ARRAY[]' : e;
}

