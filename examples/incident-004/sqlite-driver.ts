/** TypeORM 1.x ships only the better-sqlite3 driver; 0.3 also has `sqlite` (sqlite3). Pick what is installed. */
export function sqliteDriver(): 'better-sqlite3' | 'sqlite' {
  try {
    require.resolve('better-sqlite3');
    return 'better-sqlite3';
  } catch {
    return 'sqlite';
  }
}
