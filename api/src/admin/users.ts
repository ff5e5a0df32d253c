import type { Sql } from '../db/connect.ts';
import { roles, type Actor, type Role } from '../auth/actor.ts';
import { generatePassword, hashPassword } from '../auth/passwords.ts';
import { sealSecret } from '../auth/secret-box.ts';
import { generateTotpSecret, otpauthUri } from '../auth/totp.ts';
import { appendAccessEvent } from '../audit/append.ts';
import { BadRequest, Conflict } from '../errors.ts';
import { findOrganisationForRole } from './organisations.ts';

export interface CreatedUser {
  id: number;
  email: string;
  role: Role;
  /** Shown once to the administrator; only its scrypt hash is stored. */
  password: string;
  /** Shown once (base32) for the authenticator app; stored encrypted. */
  totpSecret: string;
  otpauthUri: string;
}

export interface CreateUserInput {
  email: string;
  role: string;
  regionCode: string;
  orgCode?: string;
  displayName?: string;
  /** Demo accounts get a reproducible password; real accounts always a random one. */
  password?: string;
  totpSecret?: string;
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export async function createUser(sql: Sql, actor: Actor, input: CreateUserInput, secretBoxKey: Uint8Array): Promise<CreatedUser> {
  const email = input.email.trim().toLowerCase();
  if (!emailPattern.test(email)) {
    throw new BadRequest('invalid_email', {
      nl: `"${input.email}" is geen geldig e-mailadres.`,
      en: `"${input.email}" is not a valid e-mail address.`,
    });
  }
  if (!(roles as readonly string[]).includes(input.role)) {
    throw new BadRequest('invalid_role', {
      nl: `Rol "${input.role}" bestaat niet. Kies uit: ${roles.join(', ')}.`,
      en: `Role "${input.role}" does not exist. Choose from: ${roles.join(', ')}.`,
    });
  }
  const role = input.role as Role;
  const password = input.password ?? generatePassword();
  const totpSecret = input.totpSecret ?? generateTotpSecret();
  const passwordHash = await hashPassword(password);

  const id = await sql.begin(async (tx) => {
    const organisation = await findOrganisationForRole(tx, input.regionCode, role, input.orgCode);
    const [existing] = await tx`select id from users where email = ${email} and region_code = ${input.regionCode}`;
    if (existing) {
      throw new Conflict('user_exists', {
        nl: `Er bestaat al een account voor ${email}.`,
        en: `An account for ${email} already exists.`,
      });
    }
    const [row] = await tx`insert into users (region_code, organisation_id, email, display_name, role, password_hash, totp_secret_sealed)
      values (${input.regionCode}, ${organisation.id}, ${email}, ${input.displayName ?? ''}, ${role}, ${passwordHash}, ${sealSecret(secretBoxKey, totpSecret)})
      returning id`;
    await appendAccessEvent(tx, actor, {
      action: 'user.create',
      actionType: 'C',
      objectType: 'user',
      objectId: String(row.id),
      result: 'allowed',
      details: { role, organisation: organisation.code ?? organisation.kind },
    });
    return Number(row.id);
  });
  return { id: id as number, email, role, password, totpSecret, otpauthUri: otpauthUri(totpSecret, email) };
}
