/**
 * The shapes a secret takes when something echoes it back: as written, escaped inside
 * JSON, URL-encoded, reversed, hex, and base64 / base64url. Base64 depends on where the
 * secret sits in the encoded bytes (`user:key` in a Basic header shifts it), so each of
 * the three alignments contributes the characters that only the secret's bytes decide.
 */
export function secretForms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const written = [secret, reversed(secret), encodeURIComponent(secret), encodeURIComponent(secret).replace(/%20/g, '+')];
  const encoded = [bytes.toString('hex'), bytes.toString('hex').toUpperCase(), bytes.toString('base64'), ...base64Cores(bytes)];
  const forms = [...written, ...encoded];
  const base64url = encoded.filter((form) => /[+/=]/.test(form)).map((form) => form.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''));
  const all = [...forms, ...base64url];
  return [...new Set([...all, ...all.map((form) => JSON.stringify(form).slice(1, -1))])];
}

function reversed(text: string): string {
  return [...text].reverse().join('');
}

/** The base64 characters fixed by the secret alone, at each of the three byte offsets. */
function base64Cores(bytes: Buffer): string[] {
  const cores: string[] = [];
  for (let offset = 0; offset < 3; offset += 1) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const first = Math.ceil((offset * 8) / 6);
    const end = Math.floor(((offset + bytes.length) * 8) / 6);
    if (end > first) cores.push(encoded.slice(first, end));
  }
  return cores;
}
