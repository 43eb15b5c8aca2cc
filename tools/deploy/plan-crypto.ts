import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { PLAN_FILE, PLAN_JSON } from '../stack-plan/plan-stack';
import { UserError } from '../../lib/util/user-error';

/**
 * The plan artifact of the deploy workflow, encrypted. A plan file holds the
 * values of every attribute it will set, sensitive ones included, and
 * `terraform show -json` prints them in plain text
 * (https://developer.hashicorp.com/terraform/cli/commands/show#json-output):
 * an artifact is readable by anyone who can read the repository's Actions, so
 * plan.tfplan and plan.json are uploaded only as AES-256-GCM ciphertext under
 * a key from the GitHub secret PLAN_ENCRYPTION_KEY (docs/deploy.md).
 *
 * File format: `TFPLANENC1` | 16-byte scrypt salt | 12-byte IV | 16-byte GCM
 * tag | ciphertext. The key is scrypt(PLAN_ENCRYPTION_KEY, salt); the file's
 * name is the additional authenticated data, so a sealed plan.json cannot be
 * passed off as plan.tfplan.
 */

export const PLAN_KEY_VARIABLE = 'PLAN_ENCRYPTION_KEY';
/** The files a sealed plan folder holds only encrypted. */
export const SEALED_FILES = [PLAN_FILE, PLAN_JSON] as const;
export const SEALED_SUFFIX = '.enc';
/** A key shorter than this is refused: `openssl rand -base64 48` gives 64 characters. */
export const MIN_KEY_LENGTH = 32;

const MAGIC = Buffer.from('TFPLANENC1');
const SALT = 16;
const IV = 12;
const TAG = 16;

/** The key from the environment; refuses a missing or short one. */
export function planKey(env: NodeJS.ProcessEnv): string {
  const key = env[PLAN_KEY_VARIABLE];
  if (!key) throw new UserError(`${PLAN_KEY_VARIABLE} is not set: the workflow passes the secret of that name (docs/deploy.md, "Approved plans")`);
  if (key.length < MIN_KEY_LENGTH) throw new UserError(`${PLAN_KEY_VARIABLE}: expected at least ${MIN_KEY_LENGTH} characters (openssl rand -base64 48), got ${key.length}`);
  return key;
}

export function encrypt(plain: Buffer, key: string, name: string): Buffer {
  const salt = randomBytes(SALT);
  const iv = randomBytes(IV);
  const cipher = createCipheriv('aes-256-gcm', scryptSync(key, salt, 32), iv);
  cipher.setAAD(Buffer.from(name));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([MAGIC, salt, iv, cipher.getAuthTag(), body]);
}

export function decrypt(sealed: Buffer, key: string, name: string): Buffer {
  if (sealed.length < MAGIC.length + SALT + IV + TAG || !sealed.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new UserError(`${name}${SEALED_SUFFIX}: not a sealed plan file`);
  }
  let at = MAGIC.length;
  const take = (n: number) => sealed.subarray(at, (at += n));
  const [salt, iv, tag] = [take(SALT), take(IV), take(TAG)];
  const decipher = createDecipheriv('aes-256-gcm', scryptSync(key, salt, 32), iv);
  decipher.setAAD(Buffer.from(name));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(sealed.subarray(at)), decipher.final()]);
  } catch {
    throw new UserError(`${name}${SEALED_SUFFIX}: cannot be decrypted: another ${PLAN_KEY_VARIABLE}, or the file was changed`);
  }
}

/** Encrypts plan.tfplan and plan.json of a plan folder into `<file>.enc` and removes the plain files. */
export function sealPlanFolder(dir: string, key: string): string[] {
  const sealed: string[] = [];
  for (const name of SEALED_FILES) {
    const file = path.join(dir, name);
    if (!fs.existsSync(file)) throw new UserError(`${file}: no such file: seal a folder npm run plan:stack wrote`);
    fs.writeFileSync(`${file}${SEALED_SUFFIX}`, encrypt(fs.readFileSync(file), key, name));
    fs.rmSync(file);
    sealed.push(`${name}${SEALED_SUFFIX}`);
  }
  return sealed;
}

/** Decrypts one sealed file of a plan folder into `outFile`. */
export function unsealPlanFile(dir: string, name: (typeof SEALED_FILES)[number], key: string, outFile: string): void {
  const file = path.join(dir, `${name}${SEALED_SUFFIX}`);
  if (!fs.existsSync(file)) {
    const plain = fs.existsSync(path.join(dir, name)) ? `: the folder holds ${name} unencrypted, which the deploy workflow never uploads` : '';
    throw new UserError(`${file}: no such file${plain}`);
  }
  fs.writeFileSync(outFile, decrypt(fs.readFileSync(file), key, name));
}
