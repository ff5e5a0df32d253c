import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ConfigError, type Config } from './config.ts';
import { publicKeysFileFor, readSigningKeySet, type SigningAlgorithm, type SigningKeyFiles, type SigningKeySet } from './signing-keys.ts';

/**
 * The portal's secrets live in files outside the database (SPEC §4.1: K2 never in the database,
 * never logged). In demo mode missing files are generated with mode 0600; otherwise a missing
 * file stops the start and names the setting.
 */
export interface Keys {
  /** K2 versions in order: index 0 is v1. Each new upload passes through all of them. */
  pseudonymKeys: Uint8Array[];
  secretBoxKey: Uint8Array;
  /** The current token-signing key and the retired ones (public only); see signing-keys.ts. */
  tokenSigningKey: SigningKeySet;
  /** The current checkpoint-signing key and every retired one (public only, kept for good). */
  checkpointSigningKey: SigningKeySet;
}

/** Tokens may be signed with Ed25519 or P-256 keys; checkpoints with Ed25519 (SPEC §5). */
export const tokenAlgorithms: readonly SigningAlgorithm[] = ['EdDSA', 'ES256'];
export const checkpointAlgorithms: readonly SigningAlgorithm[] = ['EdDSA'];

export function keyPaths(config: Config) {
  const dir = join(config.dataDir, 'keys');
  const tokenSigning = config.tokenSigningKeyFile ?? join(dir, 'token-signing.pem');
  const checkpointSigning = config.checkpointSigningKeyFile ?? join(dir, 'checkpoint-signing.pem');
  return {
    pseudonym: config.pseudonymKeyFile ?? join(dir, 'pseudonym-k2.keys'),
    secretBox: config.secretBoxKeyFile ?? join(dir, 'secret-box.key'),
    tokenSigning,
    tokenSigningPublic: publicKeysFileFor(tokenSigning),
    checkpointSigning,
    checkpointSigningPublic: publicKeysFileFor(checkpointSigning),
  };
}

/** The private key file and the public-key (JWKS) file beside it, per signing purpose. */
export function signingKeyFiles(config: Config): { token: SigningKeyFiles; checkpoint: SigningKeyFiles } {
  const paths = keyPaths(config);
  return {
    token: { privateKey: paths.tokenSigning, publicKeys: paths.tokenSigningPublic },
    checkpoint: { privateKey: paths.checkpointSigning, publicKeys: paths.checkpointSigningPublic },
  };
}

export async function loadKeys(config: Config): Promise<Keys> {
  const paths = keyPaths(config);
  const missing: string[] = [];
  const need = async (path: string, setting: string, generate: () => string): Promise<string | undefined> => {
    if (existsSync(path)) return readFile(path, 'utf8');
    if (!config.demo) {
      missing.push(`${setting}: key file ${path} does not exist`);
      return undefined;
    }
    const content = generate();
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    await writeFile(path, content, { mode: 0o600, flag: 'wx' });
    await chmod(path, 0o600);
    return content;
  };
  const hexKey = () => `${randomBytes(32).toString('hex')}\n`;
  const ed25519 = () => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

  const pseudonymText = await need(paths.pseudonym, 'PSEUDONYM_KEY_FILE', hexKey);
  const secretBoxText = await need(paths.secretBox, 'SECRET_BOX_KEY_FILE', hexKey);
  await need(paths.tokenSigning, 'TOKEN_SIGNING_KEY_FILE', ed25519);
  await need(paths.checkpointSigning, 'CHECKPOINT_SIGNING_KEY_FILE', ed25519);
  if (missing.length > 0) throw new ConfigError(missing);
  const files = signingKeyFiles(config);
  const signingKeys = async (purpose: 'token' | 'checkpoint', setting: string) => {
    try {
      return await readSigningKeySet(files[purpose], purpose === 'token' ? tokenAlgorithms : checkpointAlgorithms);
    } catch (error) {
      throw new ConfigError([`${setting}: ${(error as Error).message}`]);
    }
  };
  const tokenSigningKey = await signingKeys('token', 'TOKEN_SIGNING_KEY_FILE');
  const checkpointSigningKey = await signingKeys('checkpoint', 'CHECKPOINT_SIGNING_KEY_FILE');

  try {
    return {
      pseudonymKeys: pseudonymText!
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '' && !line.startsWith('#'))
        .map((line, index) => parseHexKey(line, `PSEUDONYM_KEY_FILE line ${index + 1}`)),
      secretBoxKey: parseHexKey(secretBoxText!, 'SECRET_BOX_KEY_FILE'),
      tokenSigningKey,
      checkpointSigningKey,
    };
  } catch (error) {
    throw new ConfigError([(error as Error).message]);
  }
}

/** SPEC §4.1: in demo mode the region's K1 is simulated by a file beside the data directory. */
export async function ensureDemoK1File(config: Config): Promise<{ path: string; key: Uint8Array; created: boolean }> {
  const path = join(dirname(config.dataDir), 'demo-k1.key');
  let created = false;
  if (!existsSync(path)) {
    await writeFile(path, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    created = true;
  }
  return { path, key: parseHexKey(await readFile(path, 'utf8'), path), created };
}

/** Key files hold 64 hex characters (32 bytes); the decoded bytes are the key. */
export function parseHexKey(text: string, what: string): Uint8Array {
  const hex = text.trim();
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error(`${what}: expected 64 hexadecimal characters (32 bytes)`);
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}
