/**
 * The bots-and-accounts migration keeps existing data in place: credentials
 * saved through /api/binance/config become the default account (encrypted
 * secret moved as it is), otherwise the default account follows the
 * environment; today's routes become the default bot, and every signal
 * already recorded belongs to it.
 */
import { applyMigrations, readMigrations } from '../../src/database/migration-applier';
import { createTestDatabase, query, TestDatabase } from '../support/test-database';

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
});
