/**
 * Every test file: new password hashes at the test work factor (PASSWORD_HASH_COST=test, see
 * api/src/auth/passwords.ts), as the portal and CLI processes the tests start read it from the
 * environment. test/auth/primitives.test.ts checks the standard factor itself.
 */
import { setPasswordHashCost } from '../../api/src/auth/passwords.ts';

setPasswordHashCost('test');
