// The shape the migrations built, read from pg_catalog.
import type pg from 'pg';
import { normaliseDefault } from './prisma-shape.ts';
import type { ColumnShape, DbShape, ForeignKeyShape, IndexShape } from './schema-shape.ts';

const ACTIONS: Record<string, string> = { a: 'NoAction', r: 'Restrict', c: 'Cascade', n: 'SetNull', d: 'SetDefault' };

/** The public schema of the connected database, without Prisma's `_prisma_migrations`. */
export async function readDatabaseShape(client: pg.Client): Promise<DbShape> {
  const columns = await client.query<{
    table: string;
    column: string;
    type: string;
    notnull: boolean;
    identity: string;
    generated: string;
    def: string | null;
  }>(`
    SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
           a.attnotnull AS notnull, a.attidentity AS identity, a.attgenerated AS generated,
           pg_get_expr(d.adbin, d.adrelid) AS def
      FROM pg_attribute a
      JOIN pg_class c ON c.oid = a.attrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
       AND c.relname <> '_prisma_migrations'
     ORDER BY c.relname, a.attnum`);
  const tables: Record<string, Record<string, ColumnShape>> = {};
  for (const row of columns.rows) {
    const table = (tables[row.table] ??= {});
    const serial = row.def?.startsWith('nextval(') ?? false;
    table[row.column] = {
      type: row.type,
      nullable: !row.notnull,
      // A generated column's expression is not a default; Prisma cannot declare either.
      default:
        row.identity !== '' || serial ? 'autoincrement'
        : row.generated !== '' || row.def === null ? null
        : normaliseDefault(row.def),
    };
  }

  const indexRows = await client.query<{
    table: string;
    name: string;
    primary: boolean;
    unique: boolean;
    method: string;
    columns: string[];
    extra: string | null;
  }>(`
    SELECT t.relname AS table, i.relname AS name, x.indisprimary AS primary, x.indisunique AS unique,
           am.amname AS method,
           ARRAY(
             SELECT a.attname
                    || CASE WHEN (x.indoption[k.ord - 1] & 1) = 1 THEN ' DESC' ELSE '' END
                    || CASE WHEN opc.opcdefault THEN '' ELSE ' ' || opc.opcname END
               FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
               JOIN pg_opclass opc ON opc.oid = x.indclass[k.ord - 1]
              WHERE k.ord <= x.indnkeyatts
              ORDER BY k.ord
           ) AS columns,
           NULLIF(concat_ws('; ',
             'WHERE ' || pg_get_expr(x.indpred, x.indrelid),
             CASE WHEN x.indexprs IS NOT NULL THEN 'expressions' END,
             CASE WHEN x.indnatts > x.indnkeyatts THEN 'INCLUDE columns' END), '') AS extra
      FROM pg_index x
      JOIN pg_class i ON i.oid = x.indexrelid
      JOIN pg_class t ON t.oid = x.indrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
      JOIN pg_am am ON am.oid = i.relam
     WHERE n.nspname = 'public' AND t.relname <> '_prisma_migrations'`);
  const indexes: Record<string, IndexShape> = {};
  for (const row of indexRows.rows) {
    indexes[row.name] = {
      table: row.table,
      kind: row.primary ? 'primary' : row.unique ? 'unique' : 'index',
      method: row.method,
      columns: row.columns,
      extra: row.extra,
    };
  }

  const fkRows = await client.query<{
    name: string;
    table: string;
    ref_table: string;
    columns: string[];
    ref_columns: string[];
    on_delete: string;
    on_update: string;
  }>(`
    SELECT con.conname AS name, c.relname AS table, r.relname AS ref_table,
           con.confdeltype AS on_delete, con.confupdtype AS on_update,
           ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                   JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns,
           ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                   JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord) AS ref_columns
      FROM pg_constraint con
      JOIN pg_class c ON c.oid = con.conrelid
      JOIN pg_class r ON r.oid = con.confrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE con.contype = 'f' AND n.nspname = 'public'`);
  const foreignKeys: Record<string, ForeignKeyShape> = {};
  for (const row of fkRows.rows) {
    foreignKeys[row.name] = {
      table: row.table,
      columns: row.columns,
      refTable: row.ref_table,
      refColumns: row.ref_columns,
      onDelete: ACTIONS[row.on_delete] ?? row.on_delete,
      onUpdate: ACTIONS[row.on_update] ?? row.on_update,
    };
  }
  return { tables, indexes, foreignKeys };
}

