/**
 * Signing keys with key ids (SPEC §5, §6; issue 8): session and access tokens and access-log
 * checkpoints are signed with the *current* private key, and the JWS header names it (`kid`, the
 * RFC 7638 thumbprint of its public half). A verifier looks the `kid` up among the current key and
 * the retired ones. Retired keys are kept as public keys only, in a JWKS file beside the private
 * key, so a rotation never invalidates what was signed before it: tokens until they expire,
 * checkpoints for as long as the access log is kept.
 *
 *   token-signing.pem          the current private key (PKCS#8), mode 0600
 *   token-signing.jwks.json    {"keys": [...]}: public keys, current and retired (`retiredAt`)
 *
 * The algorithm belongs to the key (Ed25519: EdDSA, P-256: ES256): a header naming another
 * algorithm than its key's is refused, whatever the signature.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { calculateJwkThumbprint, exportJWK, type JWK } from 'jose';

export type SigningAlgorithm = 'EdDSA' | 'ES256';

export interface PublicSigningKey {
  kid: string;
  alg: SigningAlgorithm;
  publicKey: KeyObject;
  /** When it stopped signing; absent for a key that still signs (here, or in another process). */
  retiredAt?: Date;
}

export interface SigningKeySet {
  /** The key new signatures are made with. */
  current: PublicSigningKey & { privateKey: KeyObject };
  /** Public keys only: the retired keys, and after a rotation by another process, the key that replaced ours. */
  others: PublicSigningKey[];
  /** The algorithms this set may hold (tokens: EdDSA, ES256; checkpoints: EdDSA). */
  algorithms: readonly SigningAlgorithm[];
  /** The JWKS file `others` came from: read again when a signature names a kid not known yet. */
  publicKeyFile?: { path: string; version: string };
}

/** A whole set, or one bare private key (tests, the contract renderer): a set with nothing retired. */
export type SigningKeys = SigningKeySet | KeyObject;

export interface SigningKeyFiles {
  privateKey: string;
  publicKeys: string;
}

/** Which keys verify a signature (the key set itself is the same for every purpose). */
export interface VerificationPolicy {
  /** What a signature without `kid` (made before key ids) is checked against. */
  withoutKid: 'current' | 'any';
  /** How long after its retirement a retired key still verifies; for ever when absent. */
  retiredKeysVerifyForMs?: number;
  now?: number;
}

/** `token-signing.pem` → `token-signing.jwks.json`, beside it. */
export function publicKeysFileFor(privateKeyFile: string): string {
  return `${privateKeyFile.replace(/\.pem$/, '')}.jwks.json`;
}

export function algorithmOf(key: KeyObject): SigningAlgorithm | undefined {
  if (key.asymmetricKeyType === 'ed25519') return 'EdDSA';
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ES256';
  return undefined;
}

/** RFC 7638 thumbprint of the public half: an id an auditor can recompute offline. */
export async function keyIdOf(key: KeyObject): Promise<string> {
  return calculateJwkThumbprint(await exportJWK(key.type === 'public' ? key : createPublicKey(key)));
}

export async function signingKeySetOf(
  privateKey: KeyObject,
  algorithms: readonly SigningAlgorithm[],
  others: PublicSigningKey[] = [],
): Promise<SigningKeySet> {
  const alg = privateKey.type === 'private' ? algorithmOf(privateKey) : undefined;
  if (!alg || !algorithms.includes(alg)) {
    throw new Error(`a signing key must be a private ${algorithms.map((a) => (a === 'EdDSA' ? 'Ed25519' : 'P-256')).join(' or ')} key`);
  }
  const publicKey = createPublicKey(privateKey);
  return { current: { kid: await keyIdOf(publicKey), alg, publicKey, privateKey }, others, algorithms };
}

const bareKeySets = new WeakMap<KeyObject, Promise<SigningKeySet>>();

export function signingKeySet(keys: SigningKeys): Promise<SigningKeySet> {
  if (!(keys instanceof KeyObject)) return Promise.resolve(keys);
  let set = bareKeySets.get(keys);
  if (!set) {
    set = signingKeySetOf(keys, ['EdDSA', 'ES256']);
    bareKeySets.set(keys, set);
  }
  return set;
}

/** The current private key and the public keys beside it. A missing JWKS file means: nothing retired yet. */
export async function readSigningKeySet(files: SigningKeyFiles, algorithms: readonly SigningAlgorithm[]): Promise<SigningKeySet> {
  const set = await signingKeySetOf(createPrivateKey(await readFile(files.privateKey, 'utf8')), algorithms);
  set.publicKeyFile = { path: files.publicKeys, version: 'unread' };
  await rereadPublicKeys(set);
  return set;
}

/** Reads the JWKS file again when it changed since it was last read; true when it did. */
async function rereadPublicKeys(set: SigningKeySet): Promise<boolean> {
  const file = set.publicKeyFile;
  if (!file) return false;
  // Files are replaced by rename, so a new inode (or mtime) means new content.
  const stat = existsSync(file.path) ? statSync(file.path) : undefined;
  const version = stat ? `${stat.ino}:${stat.mtimeMs}:${stat.size}` : 'none';
  if (version === file.version) return false;
  const keys = stat ? await parsePublicKeys(await readFile(file.path, 'utf8'), file.path, set.algorithms) : [];
  set.others = keys.filter((key) => key.kid !== set.current.kid);
  file.version = version;
  return true;
}

/**
 * A JWKS of public keys. Refused: private members, a kid that is not the key's own thumbprint
 * (a kid cannot be moved to another key), an algorithm that is not the key's or not allowed.
 */
export async function parsePublicKeys(text: string, source: string, algorithms: readonly SigningAlgorithm[]): Promise<PublicSigningKey[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${source} is not a JSON key set`);
  }
  const list = (parsed as { keys?: unknown }).keys;
  if (!Array.isArray(list)) throw new Error(`${source} is not a JSON key set ({"keys": [...]})`);
  const keys: PublicSigningKey[] = [];
  for (const [index, jwk] of (list as Array<JWK & { retiredAt?: unknown }>).entries()) {
    const where = `${source} key ${index + 1}`;
    if (['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'].some((member) => member in jwk))
      throw new Error(`${where} holds private key material: keep only public keys there`);
    let publicKey: KeyObject;
    try {
      publicKey = createPublicKey({ key: jwk as never, format: 'jwk' });
    } catch {
      throw new Error(`${where} is not a public key`);
    }
    const alg = algorithmOf(publicKey);
    if (!alg || !algorithms.includes(alg) || jwk.alg !== alg)
      throw new Error(`${where} is not an ${algorithms.join('/')} key with a matching "alg"`);
    const kid = await keyIdOf(publicKey);
    if (jwk.kid !== kid) throw new Error(`${where}: "kid" is not the key's RFC 7638 thumbprint`);
    const retiredAt = typeof jwk.retiredAt === 'string' ? new Date(jwk.retiredAt) : undefined;
    if (retiredAt && Number.isNaN(retiredAt.getTime())) throw new Error(`${where}: "retiredAt" is not a date`);
    keys.push({ kid, alg, publicKey, ...(retiredAt ? { retiredAt } : {}) });
  }
  return keys;
}

/** The JWKS text for a set: its current key first, then the others; public members only. */
export async function publicKeysJwks(keys: PublicSigningKey[]): Promise<string> {
  const jwks = [];
  for (const key of keys) {
    const { kty, crv, x, y } = await exportJWK(key.publicKey);
    jwks.push({
      kty,
      crv,
      x,
      ...(y ? { y } : {}),
      kid: key.kid,
      alg: key.alg,
      use: 'sig',
      ...(key.retiredAt ? { retiredAt: key.retiredAt.toISOString() } : {}),
    });
  }
  return `${JSON.stringify({ keys: jwks }, null, 2)}\n`;
}

/**
 * The keys a signature with this protected header may be checked against: the one its `kid`
 * names (when its algorithm is the header's), or without a `kid` the current key (or any key).
 * An unknown kid makes the JWKS file be read again when it changed: another process may have
 * rotated the key and started signing with the new one.
 */
export async function verificationKeys(
  keys: SigningKeys,
  header: { kid?: unknown; alg?: unknown },
  policy: VerificationPolicy,
): Promise<PublicSigningKey[]> {
  const set = await signingKeySet(keys);
  const now = policy.now ?? Date.now();
  const usable = (key: PublicSigningKey) =>
    key.alg === header.alg &&
    (key.retiredAt === undefined ||
      policy.retiredKeysVerifyForMs === undefined ||
      now - key.retiredAt.getTime() <= policy.retiredKeysVerifyForMs);
  if (header.kid === undefined) return (policy.withoutKid === 'current' ? [set.current] : [set.current, ...set.others]).filter(usable);
  if (typeof header.kid !== 'string') return [];
  const find = () => (set.current.kid === header.kid ? set.current : set.others.find((key) => key.kid === header.kid));
  let key = find();
  if (!key) {
    try {
      if (await rereadPublicKeys(set)) key = find();
    } catch {
      // A damaged file changes nothing: the keys read before stay in use.
    }
  }
  return key && usable(key) ? [key] : [];
}

export interface PreparedRotation {
  previous: SigningKeySet;
  /** The new key, with the previous one and the kept retired keys as public keys. */
  next: SigningKeySet;
  /** Retired keys left out of the new JWKS file. */
  dropped: string[];
  /** Writes the JWKS file, then the private key (each atomically). */
  commit(): Promise<void>;
  /** Puts both files back as they were. */
  rollback(): Promise<void>;
}

/**
 * A new key pair for `files`; nothing is written until `commit`. The JWKS file is written before
 * the private key, so an interruption in between leaves the previous key current and every
 * public key known (the next rotation tidies up).
 */
export async function prepareRotation(
  files: SigningKeyFiles,
  options: {
    algorithms: readonly SigningAlgorithm[];
    alg?: SigningAlgorithm;
    now: Date;
    keepRetired: (key: PublicSigningKey & { retiredAt: Date }) => boolean;
  },
): Promise<PreparedRotation> {
  const previous = await readSigningKeySet(files, options.algorithms);
  const alg = options.alg ?? previous.current.alg;
  if (!options.algorithms.includes(alg)) throw new Error(`${alg} is not allowed for ${files.privateKey}`);
  const privateKey =
    alg === 'EdDSA' ? generateKeyPairSync('ed25519').privateKey : generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
  const retiring = [previous.current, ...previous.others].map(({ kid, alg: keyAlg, publicKey, retiredAt }) => ({
    kid,
    alg: keyAlg,
    publicKey,
    retiredAt: retiredAt ?? options.now,
  }));
  const kept = retiring.filter((key) => options.keepRetired(key));
  const next = await signingKeySetOf(privateKey, options.algorithms, kept);
  const jwks = await publicKeysJwks([next.current, ...next.others]);
  const before = {
    privateKey: await readFile(files.privateKey, 'utf8'),
    publicKeys: existsSync(files.publicKeys) ? await readFile(files.publicKeys, 'utf8') : undefined,
  };
  return {
    previous,
    next,
    dropped: retiring.filter((key) => !kept.includes(key)).map((key) => key.kid),
    async commit() {
      await writeFileAtomically(files.publicKeys, jwks, 0o644);
      await writeFileAtomically(files.privateKey, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 0o600);
    },
    async rollback() {
      await writeFileAtomically(files.privateKey, before.privateKey, 0o600);
      if (before.publicKeys === undefined) await rm(files.publicKeys, { force: true });
      else await writeFileAtomically(files.publicKeys, before.publicKeys, 0o644);
    },
  };
}

async function writeFileAtomically(file: string, text: string, mode: number): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, text, { mode });
  await rename(temporary, file);
}
