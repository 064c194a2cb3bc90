// The drift check: the tables, columns, types, nullability, defaults, keys, indexes and foreign keys that
// prisma/schema.prisma describes, against what the SQL migrations built. Both sides are reduced to one
// DbShape and compared; every difference is one readable line.

export interface ColumnShape {
  readonly type: string;
  readonly nullable: boolean;
  /** Normalised DB default: 'autoincrement' for identity/serial, null for none. */
  readonly default: string | null;
}

export interface IndexShape {
  readonly table: string;
  readonly kind: 'primary' | 'unique' | 'index';
  readonly method: string;
  /** Column, then ' DESC' and a non-default operator class where present. */
  readonly columns: readonly string[];
  /** Partial predicate, expressions or INCLUDE columns: things the Prisma schema cannot declare. */
  readonly extra: string | null;
}

export interface ForeignKeyShape {
  readonly table: string;
  readonly columns: readonly string[];
  readonly refTable: string;
  readonly refColumns: readonly string[];
  readonly onDelete: string;
  readonly onUpdate: string;
}

export interface DbShape {
  readonly tables: Record<string, Record<string, ColumnShape>>;
  readonly indexes: Record<string, IndexShape>;
  readonly foreignKeys: Record<string, ForeignKeyShape>;
}

// ---- the comparison --------------------------------------------------------------------------------

/** Every difference between what the schema declares and what the database has; [] when they agree. */
export function diffShapes(schema: DbShape, database: DbShape): string[] {
  const out: string[] = [];
  for (const [table, columns] of Object.entries(schema.tables)) {
    const actual = database.tables[table];
    if (!actual) {
      out.push(`table ${table}: in the schema, missing in the database`);
      continue;
    }
    for (const [column, want] of Object.entries(columns)) {
      const have = actual[column];
      if (!have) {
        out.push(`column ${table}.${column}: in the schema, missing in the database`);
        continue;
      }
      if (want.type !== have.type) out.push(`column ${table}.${column}: type ${want.type} in the schema, ${have.type} in the database`);
      if (want.nullable !== have.nullable) {
        out.push(`column ${table}.${column}: ${nullability(want)} in the schema, ${nullability(have)} in the database`);
      }
      if (want.default !== have.default) {
        out.push(`column ${table}.${column}: default ${want.default ?? 'none'} in the schema, ${have.default ?? 'none'} in the database`);
      }
    }
    for (const column of Object.keys(actual)) {
      if (!(column in columns)) out.push(`column ${table}.${column}: in the database, not in the schema`);
    }
  }
  for (const table of Object.keys(database.tables)) {
    if (!(table in schema.tables)) out.push(`table ${table}: in the database, not in the schema`);
  }
  compareNamed(out, 'index', schema.indexes, database.indexes, describeIndex);
  compareNamed(out, 'foreign key', schema.foreignKeys, database.foreignKeys, describeForeignKey);
  return out;
}

function nullability(column: ColumnShape): string {
  return column.nullable ? 'nullable' : 'NOT NULL';
}

function compareNamed<T>(
  out: string[],
  what: string,
  schema: Record<string, T>,
  database: Record<string, T>,
  describe: (item: T) => string,
): void {
  for (const [name, want] of Object.entries(schema)) {
    const have = database[name];
    if (!have) out.push(`${what} ${name}: ${describe(want)} in the schema, missing in the database`);
    else if (describe(want) !== describe(have)) {
      out.push(`${what} ${name}: ${describe(want)} in the schema, ${describe(have)} in the database`);
    }
  }
  for (const [name, have] of Object.entries(database)) {
    if (!(name in schema)) out.push(`${what} ${name}: ${describe(have)} in the database, not in the schema`);
  }
}

function describeIndex(index: IndexShape): string {
  const kind = index.kind === 'primary' ? 'PRIMARY KEY' : index.kind === 'unique' ? 'UNIQUE' : 'INDEX';
  return `${kind} ${index.table} USING ${index.method} (${index.columns.join(', ')})${index.extra ? ` [${index.extra}]` : ''}`;
}

function describeForeignKey(fk: ForeignKeyShape): string {
  return `${fk.table}(${fk.columns.join(', ')}) -> ${fk.refTable}(${fk.refColumns.join(', ')}) ON DELETE ${fk.onDelete} ON UPDATE ${fk.onUpdate}`;
}
