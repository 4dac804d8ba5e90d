// Quoting for SQL identifiers and for pg_dump -t patterns: inside double quotes a
// pattern is literal, so a table named `Case "Notes"` or `a*b` matches only itself.
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function qualified(schema: string, table: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(table)}`;
}

// "audit.events" -> { schema: "audit", table: "events" }
export function splitQualified(name: string): { schema: string; table: string } {
  const i = name.indexOf(".");
  return { schema: name.slice(0, i), table: name.slice(i + 1) };
}
