/**
 * Rotation of the token-signing key (issue 8). The new key signs every session and access token
 * from the next start of each portal process; the previous key stays in the public-key file and
 * verifies the tokens it signed until they have expired (maxTokenLifetimeSeconds), after which
 * the next rotation drops it. After a leak, `dropPrevious` drops it at once: every session and
 * access token it signed ends.
 */
import type { Actor } from './actor.ts';
import { appendAccessEvent } from '../audit/append.ts';
import type { Sql } from '../db/connect.ts';
import { tokenAlgorithms } from '../keys.ts';
import { prepareRotation, type SigningAlgorithm, type SigningKeyFiles } from '../signing-keys.ts';
import { retiredTokenKeysVerifyForMs } from './tokens.ts';

export interface SigningKeyRotation {
  previousKid: string;
  kid: string;
  alg: SigningAlgorithm;
  /** Retired keys still kept as public keys. */
  retiredKids: string[];
  /** Retired keys no longer kept. */
  droppedKids: string[];
}

export async function rotateTokenSigningKey(
  sql: Sql,
  actor: Actor,
  files: SigningKeyFiles,
  options: { alg?: SigningAlgorithm; dropPrevious?: boolean; now?: Date } = {},
): Promise<SigningKeyRotation> {
  const now = options.now ?? new Date();
  const rotation = await prepareRotation(files, {
    algorithms: tokenAlgorithms,
    alg: options.alg,
    now,
    keepRetired: (key) => !options.dropPrevious && now.getTime() - key.retiredAt.getTime() <= retiredTokenKeysVerifyForMs,
  });
  const result: SigningKeyRotation = {
    previousKid: rotation.previous.current.kid,
    kid: rotation.next.current.kid,
    alg: rotation.next.current.alg,
    retiredKids: rotation.next.others.map((key) => key.kid),
    droppedKids: rotation.dropped,
  };
  // Files first, then the log entry; when the entry cannot be written the files are put back.
  await rotation.commit();
  try {
    await appendAccessEvent(sql, actor, {
      action: 'keys.rotate',
      actionType: 'U',
      objectType: 'token_signing_key',
      objectId: result.kid,
      result: 'allowed',
      details: { ...result, dropPrevious: options.dropPrevious === true },
    });
  } catch (error) {
    await rotation.rollback();
    throw error;
  }
  return result;
}
