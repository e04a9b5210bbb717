/**
 * Throwaway PostgreSQL databases for tests: each test gets `vaerdispil_test_<random>` on the
 * PostgreSQL at TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test, trust auth)
 * and drops it afterwards. Without a reachable PostgreSQL the tests that need one are skipped
 * with a printed reason, except in CI (CI set), where they fail.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { describe, it } from 'vitest';

/** The server and maintenance database that test databases are created on. */
export const TEST_ADMIN_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

/** Whether PostgreSQL answers at TEST_ADMIN_URL, and if not, why. */
export type PostgresProbe = { ok: true } | { ok: false; reason: string };

/** The reason in an error; a refused connection to every address of a host is an AggregateError without a message. */
function reasonOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return reasonOf(error.errors[0]);
  if (error instanceof Error) return error.message || (error as { code?: string }).code || error.name;
  return String(error);
}

/** Run `work` on a fresh connection to `url`, closed afterwards. */
async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Ask the test PostgreSQL whether it answers and lets us create databases. */
export async function probePostgres(): Promise<PostgresProbe> {
  try {
    const allowed = await withClient(TEST_ADMIN_URL, async (client) => {
      const { rows } = await client.query<{ allowed: boolean }>('SELECT rolcreatedb OR rolsuper AS allowed FROM pg_roles WHERE rolname = current_user');
      return rows[0]?.allowed === true;
    });
    return allowed ? { ok: true } : { ok: false, reason: `the user of ${TEST_ADMIN_URL} may not create databases` };
  } catch (error) {
    return { ok: false, reason: `PostgreSQL at ${TEST_ADMIN_URL} is not reachable (${reasonOf(error)})` };
  }
}

/** A database made for one test: its URL, and how to drop it. */
export interface TestDatabase {
  url: string;
  name: string;
  drop: () => Promise<void>;
}

/** Create an empty database `vaerdispil_test_<random>`. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `vaerdispil_test_${randomBytes(6).toString('hex')}`;
  await withClient(TEST_ADMIN_URL, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(TEST_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    // FORCE ends connections a failed test left open, so the database always goes
    drop: () => withClient(TEST_ADMIN_URL, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/**
 * Declare the tests that need PostgreSQL: `define` runs when it answers; otherwise the reason is
 * printed and the tests are skipped, or, in CI, one test fails with that reason.
 */
export function describeWithPostgres(name: string, probe: PostgresProbe, define: () => void): void {
  if (probe.ok) {
    describe(name, define);
    return;
  }
  if (process.env.CI) {
    describe(name, () => {
      it('needs a reachable PostgreSQL in CI', () => {
        throw new Error(`${probe.reason}; CI must run the PostgreSQL tests (start it: pg_ctlcluster <version> main start)`);
      });
    });
    return;
  }
  // the reason is in the suite's name, so the run's summary says why these tests did not run
  const reason = `${probe.reason}; start PostgreSQL to run them`;
  console.warn(`Skipping "${name}": ${reason}.`);
  describe.skipIf(true)(`${name} (skipped: ${reason})`, define);
}
