import { identifierName, isKeyword, tokenizeSql } from './tokenize-sql';

/** A CHECK of the form `"column" IN ('a', 'b')`: the shape TypeORM gives `enum` and `simple-enum` on SQLite. */
export interface EnumCheck {
  column: string;
  values: string[];
}

/**
 * Recognises the CHECK TypeORM writes for enum columns on SQLite (`CHECK( "status" IN ('a','b') )`,
 * see `AbstractSqliteQueryRunner.buildCreateColumnSql`), or returns undefined for any other expression.
 */
export function parseEnumCheck(expression: string): EnumCheck | undefined {
  const tokens = tokenizeSql(expression);
  const [column, inKeyword, open] = tokens;
  const last = tokens[tokens.length - 1];
  if (tokens.length < 5 || !column || (column.kind !== 'word' && column.kind !== 'quoted')) return undefined;
  if (!isKeyword(inKeyword, 'IN') || open.text !== '(' || last.text !== ')') return undefined;
  const values: string[] = [];
  for (let i = 3; i < tokens.length - 1; i++) {
    const t = tokens[i];
    const expectsValue = (i - 3) % 2 === 0;
    if (expectsValue && t.kind === 'string') values.push(t.value);
    else if (expectsValue || t.text !== ',') return undefined;
  }
  return values.length > 0 && (tokens.length - 4) % 2 === 1 ? { column: identifierName(column), values } : undefined;
}
