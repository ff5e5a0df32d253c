import { ConfigError, loadConfig, startWarnings } from '../api/src/config.ts';

describe('configuration', () => {
  it('has working defaults: embedded database, demo mode, port 8080, ./data', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 8080, databaseUrl: undefined, demo: true, region: 'H10' });
    expect(config.dataDir).toMatch(/\/data$/);
  });

  it('turns demo mode off by default on a real PostgreSQL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@localhost:5432/db' }).demo).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@localhost:5432/db', DEMO: 'true' }).demo).toBe(true);
  });

  it('takes a read replica only beside a primary: DATABASE_READ_URL needs DATABASE_URL', () => {
    const primary = 'postgres://u:p@primary:5432/db';
    expect(loadConfig({ DATABASE_URL: primary, DATABASE_READ_URL: 'postgres://u:p@replica:5432/db' }).databaseReadUrl).toBe(
      'postgres://u:p@replica:5432/db',
    );
    expect(loadConfig({ DATABASE_URL: primary }).databaseReadUrl).toBeUndefined();
    expect(() => loadConfig({ DATABASE_READ_URL: 'postgres://u:p@replica:5432/db' })).toThrow(/DATABASE_READ_URL: needs DATABASE_URL/);
  });

  it('keeps checkpoints in the file alone and fails verification after 60 uncovered minutes, unless told otherwise', () => {
    expect(loadConfig({})).toMatchObject({ checkpointMirrorDir: undefined, auditCheckpointMaxAgeMinutes: 60 });
    const config = loadConfig({ CHECKPOINT_MIRROR_DIR: '/mnt/worm/checkpoints', AUDIT_CHECKPOINT_MAX_AGE_MINUTES: '15' });
    expect(config).toMatchObject({ checkpointMirrorDir: '/mnt/worm/checkpoints', auditCheckpointMaxAgeMinutes: 15 });
    expect(() => loadConfig({ AUDIT_CHECKPOINT_MAX_AGE_MINUTES: '0' })).toThrow(/AUDIT_CHECKPOINT_MAX_AGE_MINUTES/);
  });

  it('stops on malformed values and names every one of them', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', DEMO: 'maybe' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message).toContain('PORT');
      expect(message).toContain('DATABASE_URL');
      expect(message).toContain('DEMO');
    }
  });
});

describe('demo mode is never the silent default of a production start', () => {
  it('refuses NODE_ENV=production without DATABASE_URL and without DEMO, naming what to set', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/DATABASE_URL: not set while NODE_ENV=production.*DEMO=true/);
  });

  it('starts a production demo or a production PostgreSQL only when asked for explicitly', () => {
    expect(loadConfig({ NODE_ENV: 'production', DEMO: 'true' }).demo).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://u:p@localhost:5432/db' }).demo).toBe(false);
    // A newcomer's `npm start` (no NODE_ENV) keeps its demo.
    expect(loadConfig({}).demo).toBe(true);
  });

  it('warns that the embedded database connects as superuser when DEMO=false on it, and only then', () => {
    const warnings = startWarnings(loadConfig({ DEMO: 'false', NODE_ENV: 'production' }));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/superuser.*only triggers guard the access log.*could disable them/);
    expect(startWarnings(loadConfig({}))).toEqual([]);
    expect(startWarnings(loadConfig({ DATABASE_URL: 'postgres://u:p@localhost:5432/db', DEMO: 'false' }))).toEqual([]);
  });
});

describe('the password work factor', () => {
  it('is the standard scrypt cost unless the test suite asks for less, and never the test cost in production', () => {
    expect(loadConfig({}).passwordHashCost).toBe('standard');
    expect(loadConfig({ PASSWORD_HASH_COST: 'test' }).passwordHashCost).toBe('test');
    expect(() => loadConfig({ NODE_ENV: 'production', DEMO: 'true', PASSWORD_HASH_COST: 'test' })).toThrow(
      /PASSWORD_HASH_COST: "test" makes passwords cheap to guess and is refused with NODE_ENV=production/,
    );
  });
});
