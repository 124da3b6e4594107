import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { isOnlyReferences } from './substitute-environment.js';

/**
 * Secrets reach the config only through `${ENV}` or a file named by a `…File` field, so a
 * config file can be committed, printed and shared. Problems name the field, never a value.
 */

type Document = Record<string, unknown>;

/** A secret field and the field that may name a file holding it instead. */
interface SecretField {
  path: string;
  holder: Document;
  field: string;
  fileField: string;
  list?: boolean;
}

function secretFieldsOf(document: unknown): SecretField[] {
  const fields: SecretField[] = [];
  if (!isObject(document)) return fields;
  const { auth, cursor, connections, metrics, webhooks } = document;
  if (isObject(auth)) {
    fields.push({ path: 'auth', holder: auth, field: 'secret', fileField: 'secretFile' });
    fields.push({ path: 'auth', holder: auth, field: 'publicKey', fileField: 'publicKeyFile' });
  }
  if (isObject(cursor)) {
    fields.push({ path: 'cursor', holder: cursor, field: 'secret', fileField: 'secretFile' });
    fields.push({ path: 'cursor', holder: cursor, field: 'secrets', fileField: 'secretFiles', list: true });
  }
  if (isObject(metrics)) fields.push({ path: 'metrics', holder: metrics, field: 'token', fileField: 'tokenFile' });
  if (isObject(connections)) {
    for (const [name, connection] of Object.entries(connections)) {
      if (!isObject(connection)) continue;
      fields.push({ path: `connections.${name}`, holder: connection, field: 'apiKey', fileField: 'apiKeyFile' });
      fields.push({ path: `connections.${name}`, holder: connection, field: 'token', fileField: 'tokenFile' });
      fields.push({ path: `connections.${name}`, holder: connection, field: 'webhookSecret', fileField: 'webhookSecretFile' });
    }
  }
  const subscriptions = isObject(webhooks) ? webhooks.subscriptions : undefined;
  if (isObject(subscriptions)) {
    for (const [id, subscription] of Object.entries(subscriptions)) {
      if (!isObject(subscription)) continue;
      const path = `webhooks.subscriptions.${id}`;
      fields.push({ path, holder: subscription, field: 'secret', fileField: 'secretFile' });
      fields.push({ path, holder: subscription, field: 'secrets', fileField: 'secretFiles', list: true });
    }
  }
  return fields;
}

/** Public keys are not secret and may be written in the file; everything else may not. */
const LITERAL_ALLOWED = new Set(['publicKey']);

/** On the document before `${ENV}` resolution: every secret value that was written literally. */
export function literalSecretProblems(unresolved: unknown): string[] {
  const problems: string[] = [];
  for (const { path, holder, field, fileField, list } of secretFieldsOf(unresolved)) {
    if (LITERAL_ALLOWED.has(field) || !(field in holder)) continue;
    const value = holder[field];
    const values = list && Array.isArray(value) ? value.map((item, index) => [`${path}.${field}[${index}]`, item] as const) : [[`${path}.${field}`, value] as const];
    for (const [where, item] of values) {
      if (typeof item === 'string' && !isOnlyReferences(item)) {
        problems.push(`${where}: a secret must not be written into the config file; use \${ENV_NAME} or ${path}.${fileField}`);
      }
    }
  }
  return problems;
}

/**
 * Reads every `…File` field (relative paths from the config file's folder) into its
 * secret field and removes the `…File` field, so the rest of the gateway sees one shape.
 */
export function readSecretFiles(document: unknown, baseDirectory: string): string[] {
  const problems: string[] = [];
  for (const { path, holder, field, fileField, list } of secretFieldsOf(document)) {
    if (!(fileField in holder)) continue;
    if (field in holder) {
      problems.push(`${path}.${fileField}: give ${field} or ${fileField}, not both`);
      continue;
    }
    // A list that is not one was reported by the schema; there is nothing to read.
    const names = list ? (Array.isArray(holder[fileField]) ? (holder[fileField] as unknown[]) : []) : [holder[fileField]];
    const before = problems.length;
    const values = names.map((name, index) => readSecret(`${path}.${fileField}${list ? `[${index}]` : ''}`, String(name), baseDirectory, problems));
    delete holder[fileField];
    // A file that could not be read leaves its secret unset: its problem is already said.
    if (problems.length === before) holder[field] = list ? values : values[0];
  }
  return problems;
}

function readSecret(where: string, file: string, baseDirectory: string, problems: string[]): string {
  let text: string;
  try {
    text = readFileSync(isAbsolute(file) ? file : resolve(baseDirectory, file), 'utf8');
  } catch (error) {
    problems.push(`${where}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    return '';
  }
  // A trailing newline is what `echo secret > file` leaves; it is not part of the secret.
  const secret = text.replace(/\s+$/, '');
  if (secret === '') problems.push(`${where}: the file is empty`);
  return secret;
}

function isObject(value: unknown): value is Document {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
