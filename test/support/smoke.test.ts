import { expect } from 'chai';
import { DIALECTS, createDatabase } from './databases';

describe('test harness', () => {
  for (const dialect of DIALECTS) {
    it(`reaches a real ${dialect} database`, async () => {
      const db = await createDatabase(dialect);
      try {
        await db.exec('CREATE TABLE t (id integer primary key)');
        const ds = await db.connect([]);
        const rows = await ds.query('SELECT count(*) AS n FROM t');
        expect(Number(rows[0].n)).to.equal(0);
      } finally {
        await db.dispose();
      }
    });
  }
});
