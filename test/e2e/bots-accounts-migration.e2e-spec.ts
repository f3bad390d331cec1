/**
 * The bots-and-accounts migration keeps existing data in place: credentials
 * saved through /api/binance/config become the default account (encrypted
 * secret moved as it is), otherwise the default account follows the
 * environment; today's routes become the default bot, and every signal
 * already recorded belongs to it.
 */
import { applyMigrations, readMigrations } from '../../src/database/migration-applier';
import { createTestDatabase, query, TestDatabase } from '../support/test-database';
import { apiKeyFingerprint } from '../../src/accounts/api-key-fingerprint';

const MIGRATION = '20261127224500_bots_and_accounts';

describe('migration: bots and accounts', () => {
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of databases) await db.drop();
  });

  async function migratedUpTo(before: string): Promise<TestDatabase> {
    const db = await createTestDatabase('botsmig');
    databases.push(db);
    await applyMigrations(
      db.url,
      readMigrations().filter((m) => m.name < before),
    );
    return db;
  }

  const SIGNAL = `INSERT INTO "Signal" (id, route, payload, "receivedAt", "updatedAt")
                  VALUES ('sig-1', 'advanced-trading', '{}', now(), now())`;

  it('stored credentials become the default account; existing signals the default bot and account', async () => {
    const db = await migratedUpTo(MIGRATION);
    await query(
      db.url,
      `INSERT INTO "ExchangeCredential" (id, mode, "apiKey", "secretCiphertext", "secretIv", "secretTag",
         "lastCheckOk", "lastCheckedAt", "updatedAt")
       VALUES ('active', 'testnet', 'KEY123456789', 'cipher', 'iv', 'tag', true, now(), now())`,
    );
    await query(db.url, SIGNAL);
    await applyMigrations(db.url);

    const [account] = await query(db.url, `SELECT * FROM "Account" WHERE id = 'default'`);
    expect(account).toMatchObject({
      name: 'Default',
      mode: 'testnet',
      credentialSource: 'stored',
      apiKey: 'KEY123456789',
      secretCiphertext: 'cipher',
      secretIv: 'iv',
      secretTag: 'tag',
      lastCheckOk: true,
      enabled: true,
      halted: false,
    });
    expect(await query(db.url, `SELECT to_regclass('"ExchangeCredential"') AS t`)).toEqual([{ t: null }]);
    expect(await query(db.url, `SELECT slug, "stateAware", "secretCiphertext" FROM "Bot"`)).toEqual([
      { slug: 'default', stateAware: false, secretCiphertext: null },
    ]);
    expect(await query(db.url, `SELECT "botId", "accountId" FROM "BotAccount"`)).toEqual([
      { botId: 'default', accountId: 'default' },
    ]);
    expect(await query(db.url, `SELECT "botId", "accountId" FROM "Signal"`)).toEqual([
      { botId: 'default', accountId: 'default' },
    ]);
  });

  it('without stored credentials the default account follows the environment', async () => {
    const db = await migratedUpTo(MIGRATION);
    await query(db.url, SIGNAL);
    await applyMigrations(db.url);
    const [account] = await query(db.url, `SELECT * FROM "Account"`);
    expect(account).toMatchObject({ id: 'default', mode: null, credentialSource: 'environment', apiKey: null });
  });

  it('leaves a new database empty (the service writes the defaults at its first start)', async () => {
    const db = await migratedUpTo(MIGRATION);
    await applyMigrations(db.url);
    for (const table of ['Account', 'Bot', 'BotAccount', 'TradingSwitch']) {
      expect(await query(db.url, `SELECT 1 FROM "${table}"`)).toHaveLength(0);
    }
  });

  it('fingerprints saved keys; accounts already sharing one keep working, the first one holds the key', async () => {
    const db = await migratedUpTo('20261128050000_account_key_fingerprint');
    const account = (id: string, key: string | null, createdAt: string) =>
      query(
        db.url,
        `INSERT INTO "Account" (id, name, "credentialSource", mode, "apiKey", "createdAt", "updatedAt")
         VALUES ($1, $1, $2, 'live', $3, $4::timestamptz, now())`,
        [id, 'stored', key, createdAt],
      );
    await account('main', 'SHARED-KEY-0001', '2026-01-01T00:00:00Z');
    await account('default', 'SHARED-KEY-0001', '2026-02-01T00:00:00Z');
    await account('partner', 'SHARED-KEY-0001', '2026-01-02T00:00:00Z');
    await account('own', 'OWN-KEY-00001', '2026-01-03T00:00:00Z');
    await account('paper', null, '2026-01-04T00:00:00Z');
    await applyMigrations(db.url);
    const rows = await query(db.url, `SELECT id, "apiKeyFingerprint" AS f FROM "Account" ORDER BY id`);
    // SQL and the service compute the same fingerprint; only the default account holds the shared key.
    expect(rows).toEqual([
      { id: 'default', f: apiKeyFingerprint('SHARED-KEY-0001') },
      { id: 'main', f: null },
      { id: 'own', f: apiKeyFingerprint('OWN-KEY-00001') },
      { id: 'paper', f: null },
      { id: 'partner', f: null },
    ]);
    await expect(
      query(db.url, `UPDATE "Account" SET "apiKeyFingerprint" = $1 WHERE id = 'main'`, [
        apiKeyFingerprint('SHARED-KEY-0001'),
      ]),
    ).rejects.toThrow(/unique/);
  });
});

describe('migration: the foreign key from signals to their account', () => {
  let db: TestDatabase;
  afterAll(() => db?.drop());

  it('keeps rows of an account removed before it (a disabled placeholder), then refuses such a removal', async () => {
    db = await createTestDatabase('accountfk');
    await applyMigrations(
      db.url,
      readMigrations().filter((m) => m.name < '20261128040000_signal_account_foreign_key'),
    );
    await query(
      db.url,
      `INSERT INTO "Account" (id, name, "updatedAt") VALUES ('kept', 'Kept', now()), ('idle', 'Idle', now())`,
    );
    await query(
      db.url,
      `INSERT INTO "Signal" (id, route, payload, "receivedAt", "updatedAt", "accountId", "parentId")
       VALUES ('x-0', 'bot:b', '{}', now(), now(), 'gone-account', 'x'),
              ('x-1', 'bot:b', '{}', now(), now(), 'kept', 'x'),
              ('d-1', 'advanced-trading', '{}', now(), now(), 'default', NULL)`,
    );
    await applyMigrations(db.url);

    expect(await query(db.url, `SELECT id, name, enabled, "apiKey" FROM "Account" ORDER BY id`)).toEqual([
      { id: 'default', name: 'Default', enabled: true, apiKey: null },
      { id: 'gone-account', name: 'Removed account gone-account', enabled: false, apiKey: null },
      { id: 'idle', name: 'Idle', enabled: true, apiKey: null },
      { id: 'kept', name: 'Kept', enabled: true, apiKey: null },
    ]);
    await expect(query(db.url, `DELETE FROM "Account" WHERE id = 'kept'`)).rejects.toThrow(/foreign key/);
    await expect(
      query(
        db.url,
        `INSERT INTO "Signal" (id, route, payload, "receivedAt", "updatedAt", "accountId")
         VALUES ('y', 'bot:b', '{}', now(), now(), 'nobody')`,
      ),
    ).rejects.toThrow(/foreign key/);
    await query(db.url, `DELETE FROM "Account" WHERE id = 'idle'`);
  });
});
