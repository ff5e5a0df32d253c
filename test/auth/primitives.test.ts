import { generateKeyPairSync } from 'node:crypto';
import { signToken, verifyToken } from '../../api/src/auth/tokens.ts';
import { generatePassword, hashPassword, setPasswordHashCost, verifyPassword } from '../../api/src/auth/passwords.ts';
import { openSecret, sealSecret } from '../../api/src/auth/secret-box.ts';
import { base32Decode, base32Encode, generateTotpSecret, otpauthUri, totpCode, verifyTotp } from '../../api/src/auth/totp.ts';

describe('passwords', () => {
  it('hash with scrypt and a salt, verify the right password only', async () => {
    setPasswordHashCost('standard'); // the suite runs at the test factor (test/support/password-cost.ts)
    const hash = await hashPassword('correct horse');
    setPasswordHashCost('test');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(hash).not.toContain('correct horse');
    expect(await hashPassword('correct horse')).not.toBe(hash);
    expect(await verifyPassword('correct horse', hash)).toBe(true);
    expect(await verifyPassword('wrong horse', hash)).toBe(false);
  });

  it('generates long random one-time passwords', () => {
    expect(generatePassword()).toMatch(/^[A-Za-z2-9]{20}$/);
    expect(generatePassword()).not.toBe(generatePassword());
  });
});

describe('TOTP (RFC 6238)', () => {
  // RFC 6238 appendix B, SHA-1 seed "12345678901234567890"; 6-digit codes are the last 6 digits.
  const rfcSecret = base32Encode(Buffer.from('12345678901234567890'));
  it.each([
    [59, '287082'],
    [1111111109, '081804'],
    [1234567890, '005924'],
    [2000000000, '279037'],
  ])('gives the RFC test value at t=%i', (seconds, code) => {
    expect(totpCode(rfcSecret, seconds * 1000)).toBe(code);
  });

  it('accepts one step of clock drift either way, not two', () => {
    const secret = generateTotpSecret();
    const now = 1_700_000_000_000;
    expect(verifyTotp(secret, totpCode(secret, now - 30_000), now)).toBe(true);
    expect(verifyTotp(secret, totpCode(secret, now + 30_000), now)).toBe(true);
    expect(verifyTotp(secret, totpCode(secret, now - 60_000), now)).toBe(false);
    expect(verifyTotp(secret, 'abcdef', now)).toBe(false);
  });

  it('round-trips base32 and builds an otpauth URI', () => {
    const bytes = Buffer.from('hello world!');
    expect(base32Decode(base32Encode(bytes))).toEqual(bytes);
    expect(otpauthUri('ABC', 'a@b.nl')).toBe(
      'otpauth://totp/Resultaatportaal%20Jeugdhulp%3Aa%40b.nl?secret=ABC&issuer=Resultaatportaal%20Jeugdhulp&algorithm=SHA1&digits=6&period=30',
    );
  });
});

describe('secret box', () => {
  it('seals with AES-GCM and refuses a tampered value', () => {
    const key = Buffer.alloc(32, 7);
    const sealed = sealSecret(key, 'JBSWY3DPEHPK3PXP');
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(openSecret(key, sealed)).toBe('JBSWY3DPEHPK3PXP');
    const parts = sealed.split('.');
    parts[2] = Buffer.from('tampered!').toString('base64');
    expect(() => openSecret(key, parts.join('.'))).toThrow();
  });
});

describe('verified tokens remembered by their text', () => {
  it('still end at exp, still need the type they were issued as, and are not accepted for another key', async () => {
    const keys = generateKeyPairSync('ed25519').privateKey;
    const { token } = await signToken(keys, 'session+jwt', 'user:1', 2);
    expect(await verifyToken(keys, 'session+jwt', token)).toMatchObject({ sub: 'user:1' });
    expect(await verifyToken(keys, 'session+jwt', token)).toMatchObject({ sub: 'user:1' }); // remembered
    expect(await verifyToken(keys, 'at+jwt', token)).toBeUndefined();
    expect(await verifyToken(generateKeyPairSync('ed25519').privateKey, 'session+jwt', token)).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect(await verifyToken(keys, 'session+jwt', token)).toBeUndefined();
  });
});
