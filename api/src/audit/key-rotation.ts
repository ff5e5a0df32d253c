/**
 * Rotation of the checkpoint-signing key (SPEC §5; issue 8), without a gap in the chain of trust:
 *
 *   1. the old key signs a closing checkpoint of the head that names its successor (`nextKeyId`);
 *   2. the new key becomes current; the old one moves to the public-key file, for good: the
 *      checkpoints it signed must stay verifiable for as long as the access log is kept;
 *   3. the rotation is logged (`keys.rotate`, kids only);
 *   4. the new key signs an opening checkpoint that names its predecessor (`previousKeyId`) and
 *      covers the log entry of step 3.
 *
 * An auditor who trusts the old key can follow the handover: the old key vouches for the log up to
 * the closing checkpoint and for the kid of the new key; the new key vouches for what follows.
 */
import type { Actor } from '../auth/actor.ts';
import type { SigningKeyRotation } from '../auth/key-rotation.ts';
import type { Sql } from '../db/connect.ts';
import { checkpointAlgorithms } from '../keys.ts';
import { prepareRotation, type SigningKeyFiles } from '../signing-keys.ts';
import { appendAccessEvent } from './append.ts';
import type { CheckpointFiles } from './checkpoint-chain.ts';
import { writeCheckpoint, type Checkpoint } from './verify.ts';

export interface CheckpointKeyRotation extends SigningKeyRotation {
  closing: Checkpoint;
  opening: Checkpoint;
}

export async function rotateCheckpointSigningKey(
  sql: Sql,
  actor: Actor,
  files: SigningKeyFiles,
  checkpointFile: CheckpointFiles,
  options: { now?: Date } = {},
): Promise<CheckpointKeyRotation> {
  const rotation = await prepareRotation(files, {
    algorithms: checkpointAlgorithms,
    now: options.now ?? new Date(),
    keepRetired: () => true,
  });
  const previousKid = rotation.previous.current.kid;
  const kid = rotation.next.current.kid;
  // Installation-wide checkpoints (no region): the key serves every region, every auditor sees them.
  const closing = await writeCheckpoint(sql, rotation.previous, checkpointFile, undefined, { nextKeyId: kid });
  await rotation.commit();
  const result: SigningKeyRotation = {
    previousKid,
    kid,
    alg: rotation.next.current.alg,
    retiredKids: rotation.next.others.map((key) => key.kid),
    droppedKids: [],
  };
  try {
    await appendAccessEvent(sql, actor, {
      action: 'keys.rotate',
      actionType: 'U',
      objectType: 'checkpoint_signing_key',
      objectId: kid,
      result: 'allowed',
      details: { ...result, closingSeq: closing.seq },
    });
  } catch (error) {
    // The closing checkpoint stays: it names a kid that never signed anything, which is harmless.
    await rotation.rollback();
    throw error;
  }
  const opening = await writeCheckpoint(sql, rotation.next, checkpointFile, undefined, { previousKeyId: previousKid });
  return { ...result, closing, opening };
}
