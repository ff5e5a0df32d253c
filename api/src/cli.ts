import { setPasswordHashCost } from './auth/passwords.ts';
import { randomBytes } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { todayInPortal } from '../../schemas/dates.ts';
import { createApiClient } from './admin/api-clients.ts';
import { createProvider } from './admin/organisations.ts';
import { createUser } from './admin/users.ts';
import { listContracts, setContract } from './deliveries/contracts.ts';
import { systemActor } from './auth/actor.ts';
import { openSecret } from './auth/secret-box.ts';
import { totpCode } from './auth/totp.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import {
  connectEmbeddedSocket,
  connectPostgres,
  DatabaseStartError,
  embeddedPgliteDir,
  isSocketServed,
  openEmbedded,
  type Database,
} from './db/connect.ts';
import { migrateFor } from './db/migrate.ts';
import { backupDatabase, BackupError, restoreDatabase } from './operations/backup.ts';
import { applyRetention, type RetentionResult } from './ingest/retention.ts';
import { checkpointFilesOf } from './audit/checkpoint-chain.ts';
import { verifyAccessLog, writeCheckpoint } from './audit/verify.ts';
import { DomainError } from './errors.ts';
import { runPseudonymiseCommand } from './ingest/pseudonymise-tool.ts';
import { rotateStoredPseudonyms } from './ingest/key-rotation.ts';
import { keyPaths, loadKeys, signingKeyFiles, type Keys } from './keys.ts';
import { rotateTokenSigningKey } from './auth/key-rotation.ts';
import { rotateCheckpointSigningKey } from './audit/key-rotation.ts';
import { createMailer } from './notifications/mailer.ts';
import { runDueNotifications } from './notifications/schedule.ts';

/**
 * Operations CLI: `npm run portal -- <command>`. Reads the same configuration as the server.
 * On the embedded database it talks to the running server's socket, or opens the data itself.
 */

const usage = `Usage: npm run portal -- <command> [options] [--json]

  provider create --agb AGB --name NAME [--region R]
  user create --email E --role ROLE [--org AGB-or-gemeentecode] [--region R] [--name DISPLAY]
  client create --provider AGB [--name N] [--region R]
  contract set --provider AGB --categories 43,45 [--from YYYY-MM-DD] [--until YYYY-MM-DD] [--region R]
                               the provider's whole set of contracted product categories (who must deliver)
  contract list [--region R]   every provider's contracted categories and dates
  audit verify                 verify the access-log chain and checkpoints (exit 0 only when ok)
  keys init                    create missing key files (K2, secret box, signing keys) with mode 0600
  keys rotate                  add a K2 version and re-key every stored pseudonym (then restart the portal)
  keys rotate-signing [--alg EdDSA|ES256] [--drop-previous]
                               new token-signing key; the previous one verifies its tokens until they expire
                               (--drop-previous, after a leak: it verifies nothing any more); then restart the portal
  keys rotate-checkpoint       new checkpoint-signing key, with a closing and an opening checkpoint; the
                               previous public key is kept for good; then restart the portal
  demo totp EMAIL              current TOTP code of a demo account (demo mode only)
  migrate                      apply pending database migrations
  backup FILE                  back up the database into a new FILE (embedded: stop the portal first)
  restore FILE                 restore a backup into an EMPTY database (new DATA_DIR or database), then verify the access log
  retention run [--dry-run] [--region R]
                               delete outcome records of periods past the retention period (every region
                               unless --region); --dry-run only counts; "retention apply" is the same
  pseudonymise --key K1FILE [--mapping MAPPING.json] < export.csv > upload.csv
                               replace the bsn column by clientPseudonym (provider side; no database;
                               run as npm run -s portal -- … so npm prints nothing into upload.csv)
  notify run [--at ISO-DATETIME]
                               tell what is due (deadline reminders, actions, final figures) and mail the
                               due notifications, as if at that moment (default now); prints counts only

Roles: provider, contract_manager, municipality, auditor, admin.`;

type Output = Record<string, unknown>;

async function run(argv: string[]): Promise<Output> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      agb: { type: 'string' },
      name: { type: 'string' },
      region: { type: 'string' },
      email: { type: 'string' },
      role: { type: 'string' },
      org: { type: 'string' },
      provider: { type: 'string' },
      categories: { type: 'string' },
      from: { type: 'string' },
      until: { type: 'string' },
      key: { type: 'string' },
      mapping: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      alg: { type: 'string' },
      'drop-previous': { type: 'boolean', default: false },
      at: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const command = positionals.slice(0, 2).join(' ');
  if (values.help || command === '') throw new UsageError(usage);

  if (positionals[0] === 'pseudonymise') {
    // A filter for providers: needs no database and no portal configuration, so it runs before
    // loadConfig (which throws on invalid settings); it owns stdout and its exit code.
    process.exit(
      await runPseudonymiseCommand({
        keyFile: values.key,
        mappingFile: values.mapping,
        extraArgs: positionals.slice(1),
        stdin: process.stdin,
        stdout: process.stdout,
        stderr: process.stderr,
      }),
    );
  }

  const config = loadConfig();
  setPasswordHashCost(config.passwordHashCost);
  const region = values.region ?? config.region;
  const actor = systemActor(`cli:${safeUserName()}`, region);
  const required = (name: keyof typeof values): string => {
    const value = values[name];
    if (typeof value !== 'string' || value === '') throw new UsageError(`Missing --${name}.\n\n${usage}`);
    return value;
  };

  if (command === 'keys init') {
    // Generating is what demo mode does on its own; for production the operator asks for it once.
    await loadKeys({ ...config, demo: true });
    return { keys: keyPaths(config) };
  }

  if (positionals[0] === 'backup' || positionals[0] === 'restore') {
    // Not through withDatabase: a restore needs an empty database, and neither may migrate first.
    const file = positionals[1];
    if (!file || positionals.length > 2) throw new UsageError(`Usage: npm run portal -- ${positionals[0]} FILE\n\n${usage}`);
    const keys = await loadKeys(config);
    if (positionals[0] === 'backup') return { ...(await backupDatabase(config, keys, actor, file)) };
    const restored = await restoreDatabase(config, keys, actor, file);
    if (!restored.accessLog.ok) throw new VerifyFailed({ ...restored });
    return { ...restored };
  }

  // Issue 15: a command that wrote to the access log signs a checkpoint when it ends, so entries
  // written while the server is stopped are covered too. Key rotation signs its own (with the new key).
  return withDatabase(config, { signCheckpoint: command !== 'keys rotate-checkpoint' }, async (db, keys, migrated) => {
    switch (command) {
      case 'provider create': {
        const provider = await createProvider(db.sql, actor, { agb: required('agb'), name: required('name'), regionCode: region });
        return { agb: provider.code, name: provider.name };
      }
      case 'user create': {
        const user = await createUser(
          db.sql,
          actor,
          { email: required('email'), role: required('role'), orgCode: values.org, regionCode: region, displayName: values.name },
          keys.secretBoxKey,
        );
        return { email: user.email, password: user.password, totpSecret: user.totpSecret, otpauthUri: user.otpauthUri };
      }
      case 'client create': {
        return { ...(await createApiClient(db.sql, actor, { providerAgb: required('provider'), regionCode: region, name: values.name })) };
      }
      case 'contract set': {
        const input = {
          productCategories: required('categories')
            .split(',')
            .map((c) => c.trim()),
          validFrom: values.from,
          validUntil: values.until,
        };
        for (const [option, date] of [
          ['from', input.validFrom],
          ['until', input.validUntil],
        ] as const) {
          if (date !== undefined && !/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(date))
            throw new UsageError(`--${option} is a date YYYY-MM-DD.\n\n${usage}`);
        }
        return { ...(await setContract(db.sql, actor, required('provider'), input)) };
      }
      case 'contract list': {
        return { contracts: await listContracts(db.sql, actor) };
      }
      case 'demo totp': {
        if (!config.demo) throw new UsageError('demo totp only works in demo mode (DEMO=true).');
        const email = (positionals[2] ?? '').toLowerCase();
        // An address can have an account in more than one region: this region's first.
        const [user] =
          await db.sql`select totp_secret_sealed from users where email = ${email} order by (region_code = ${config.region}) desc, id limit 1`;
        if (!user) throw new UsageError(`No account ${email}.`);
        const secret = openSecret(keys.secretBoxKey, user.totpSecretSealed as string);
        return { email, totp: totpCode(secret, Date.now()), validForSeconds: 30 - (Math.floor(Date.now() / 1000) % 30) };
      }
      case 'audit verify': {
        const result = await verifyAccessLog(db.sql, keys.checkpointSigningKey, checkpointFilesOf(config), {
          engine: db.engine,
          maxAgeMinutes: config.auditCheckpointMaxAgeMinutes,
        });
        if (!result.ok) throw new VerifyFailed({ ...result });
        return { ...result };
      }
      case 'keys rotate': {
        // The new key is written first (atomically), so a committed rotation can never lose its key;
        // if the database part fails, the file is put back as it was.
        const file = keyPaths(config).pseudonym;
        const before = await readFile(file, 'utf8');
        const newKey = Uint8Array.from(randomBytes(32));
        await writeFileAtomically(file, `${before.trimEnd()}\n${Buffer.from(newKey).toString('hex')}\n`);
        try {
          const result = await rotateStoredPseudonyms(db.sql, actor, keys.pseudonymKeys.length, newKey);
          return { ...result, keyFile: file, next: 'Restart every portal process: until then they refuse uploads (503), reads go on.' };
        } catch (error) {
          await writeFileAtomically(file, before);
          throw error;
        }
      }
      case 'keys rotate-signing': {
        if (values.alg !== undefined && values.alg !== 'EdDSA' && values.alg !== 'ES256')
          throw new UsageError(`--alg is EdDSA or ES256.\n\n${usage}`);
        const result = await rotateTokenSigningKey(db.sql, actor, signingKeyFiles(config).token, {
          alg: values.alg,
          dropPrevious: values['drop-previous'],
        });
        return {
          ...result,
          keyFile: keyPaths(config).tokenSigning,
          publicKeyFile: keyPaths(config).tokenSigningPublic,
          next: 'Restart every portal process now: until then they go on signing with the previous key.',
        };
      }
      case 'keys rotate-checkpoint': {
        const { closing, opening, ...result } = await rotateCheckpointSigningKey(
          db.sql,
          actor,
          signingKeyFiles(config).checkpoint,
          checkpointFilesOf(config),
        );
        return {
          ...result,
          closingSeq: closing.seq,
          openingSeq: opening.seq,
          keyFile: keyPaths(config).checkpointSigning,
          publicKeyFile: keyPaths(config).checkpointSigningPublic,
          next: 'Restart every portal process now: until then they go on signing checkpoints with the previous key (which stays valid). Keep the public-key file with the checkpoint file.',
        };
      }
      case 'migrate': {
        return { applied: migrated };
      }
      case 'retention run':
      case 'retention apply': {
        // Every region of the installation (each with its own retention period), unless --region.
        const regions = values.region
          ? [values.region]
          : (await db.sql`select code from regions order by code`).map((r) => r.code as string);
        const today = todayInPortal();
        const results: RetentionResult[] = [];
        for (const code of regions) {
          results.push(await applyRetention(db.sql, systemActor(`cli:${safeUserName()}`, code), { today, dryRun: values['dry-run'] }));
        }
        const sum = (key: 'records' | 'submissions') => results.reduce((total, r) => total + r.periods.reduce((s, p) => s + p[key], 0), 0);
        return { dryRun: values['dry-run'], records: sum('records'), submissions: sum('submissions'), regions: results };
      }
      case 'notify run': {
        const now = values.at === undefined ? new Date() : new Date(values.at);
        if (Number.isNaN(now.getTime())) throw new UsageError(`--at is a date and time such as 2026-07-01T09:00:00+02:00.\n\n${usage}`);
        const mailer = createMailer(config);
        try {
          return { at: now.toISOString(), ...(await runDueNotifications(db.sql, { now, mailer })) };
        } finally {
          mailer?.transport.close();
        }
      }
      default:
        throw new UsageError(`Unknown command "${command}".\n\n${usage}`);
    }
  });
}

/**
 * Opens the database, applies pending migrations (reported to `work`), runs the command, signs a
 * checkpoint when the command added to the access log (unless told not to), closes.
 */
async function withDatabase<T>(
  config: Config,
  options: { signCheckpoint: boolean },
  work: (db: Database, keys: Keys, migrated: string[]) => Promise<T>,
): Promise<T> {
  const keys = await loadKeys(config);
  let db: Database;
  if (config.databaseUrl) {
    db = await connectPostgres(config.databaseUrl, 2);
  } else if (await isSocketServed(config.embeddedSocketPath)) {
    db = await connectEmbeddedSocket(config.embeddedSocketPath);
  } else {
    // The server is not running: open the data directory ourselves, on a private socket.
    db = await openEmbedded({
      pgliteDir: embeddedPgliteDir(config.dataDir),
      socketPath: join(tmpdir(), `resultaatportaal-cli-${process.pid}.sock`),
    });
  }
  try {
    const { applied } = await migrateFor(config, db.sql, (url) => connectPostgres(url, 1));
    const headSeq = async () => Number((await db.sql`select seq from access_log_head`)[0].seq);
    const before = await headSeq();
    try {
      return await work(db, keys, applied);
    } finally {
      // Also after a command that failed part-way: what it logged is signed.
      if (options.signCheckpoint && (await headSeq()) > before)
        await writeCheckpoint(db.sql, keys.checkpointSigningKey, checkpointFilesOf(config), config.region);
    }
  } finally {
    await db.close();
  }
}

async function writeFileAtomically(file: string, text: string): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, text, { mode: 0o600 });
  await rename(temporary, file);
}

class UsageError extends Error {}

class VerifyFailed extends Error {
  constructor(public readonly result: Record<string, unknown>) {
    super(String(result.reason));
  }
}

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

const json = process.argv.includes('--json');
run(process.argv.slice(2)).then(
  (output) => {
    process.stdout.write(json ? `${JSON.stringify(output)}\n` : `${formatHuman(output)}\n`);
    process.exit(0);
  },
  (error: unknown) => {
    if (error instanceof VerifyFailed) {
      process.stdout.write(json ? `${JSON.stringify(error.result)}\n` : `${formatHuman(error.result)}\n`);
      process.exit(1);
    }
    const message =
      error instanceof DomainError
        ? { code: error.code, message: error.localized }
        : error instanceof ConfigError || error instanceof DatabaseStartError || error instanceof UsageError || error instanceof BackupError
          ? { code: error.name, message: { en: error.message, nl: error.message } }
          : {
              code: 'internal_error',
              message: { en: String((error as Error)?.message ?? error), nl: String((error as Error)?.message ?? error) },
            };
    if (json) process.stdout.write(`${JSON.stringify({ error: message })}\n`);
    else process.stderr.write(`${message.message.en}${message.message.nl !== message.message.en ? `\n${message.message.nl}` : ''}\n`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);

function formatHuman(output: Output): string {
  return Object.entries(output)
    .map(([key, value]) => `${key}: ${Array.isArray(value) ? value.map(human).join(', ') || '(none)' : human(value)}`)
    .join('\n');
}

function human(value: unknown): string {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}
