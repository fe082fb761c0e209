/**
 * The migration function sets each role's password through the real Data API client and the
 * local Data API, as the master. PostgreSQL stores a SCRAM verifier; the test checks it against
 * the password (RFC 5802/7677), so a password that was mangled on the way (quotes, dollars,
 * backslashes) fails.
 */
import { createHash, createHmac, pbkdf2Sync } from 'node:crypto';
import { setRolePassword } from '../../../lambdas/migrate/role-passwords';
import { testDb } from '../../support/database';

/** True when `verifier` (`SCRAM-SHA-256$iter:salt$StoredKey:ServerKey`) was made from `password`. */
function scramMatches(verifier: string, password: string): boolean {
  const match = /^SCRAM-SHA-256\$(\d+):([^$]+)\$([^:]+):(.+)$/.exec(verifier);
  if (!match) return false;
  const [, iterations, salt, storedKey, serverKey] = match;
  const salted = pbkdf2Sync(password, Buffer.from(salt!, 'base64'), Number(iterations), 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  return (
    createHash('sha256').update(clientKey).digest('base64') === storedKey &&
    createHmac('sha256', salted).update('Server Key').digest('base64') === serverKey
  );
}

describe('setRolePassword', () => {
  const db = testDb();
  const verifierOf = async (role: string) => {
    const { rows } = await db.query<{ rolpassword: string | null; rolcanlogin: boolean }>(
      'SELECT rolpassword, rolcanlogin FROM pg_authid WHERE rolname = :role',
      { role },
    );
    return rows[0]!;
  };

  it('gives the role LOGIN and exactly the password of its secret, whatever characters it holds', async () => {
    const password = `a'b"c$$d\\e;--f${'$set_password$'}%L%I-${Date.now()}`;
    await setRolePassword(db, { role: 'intello_authorizer', password });
    const row = await verifierOf('intello_authorizer');
    expect(row.rolcanlogin).toBe(true);
    expect(scramMatches(row.rolpassword!, password)).toBe(true);
    expect(scramMatches(row.rolpassword!, `${password}x`)).toBe(false);
  });

  it('replaces the password on the next run', async () => {
    await setRolePassword(db, { role: 'intello_authorizer', password: 'first-password-0123456789' });
    await setRolePassword(db, { role: 'intello_authorizer', password: 'second-password-0123456789' });
    const row = await verifierOf('intello_authorizer');
    expect(scramMatches(row.rolpassword!, 'second-password-0123456789')).toBe(true);
  });

  it('leaves no password in a session setting after the transaction', async () => {
    await setRolePassword(db, { role: 'intello_authorizer', password: 'third-password-0123456789' });
    const { rows } = await db.query<{ value: string | null }>(
      "SELECT current_setting('intello.role_password', true) AS value",
    );
    expect(rows[0]?.value ?? '').toBe('');
  });
});
