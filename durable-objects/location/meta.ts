/** Reads one value of the object's key-value `meta` table. */
export function readMeta(sql: SqlStorage, key: string): string | undefined {
  return sql
    .exec<{ value: string }>("SELECT value FROM meta WHERE key = ?", key)
    .toArray()[0]?.value;
}

/** Writes one value of the object's key-value `meta` table. */
export function writeMeta(sql: SqlStorage, key: string, value: string): void {
  sql.exec(
    `INSERT INTO meta (key, value) VALUES (?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    key,
    value,
  );
}
