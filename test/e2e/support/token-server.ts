// A distribution token server (https://distribution.github.io/distribution/spec/auth/token/) for the
// e2e registries: GET /token with Basic credentials answers a JWT signed RS256 with a key whose
// certificate is the registry's auth.token.rootcertbundle; the header's kid is libtrust's key ID.
import { createHash, createPrivateKey, createPublicKey, randomUUID, sign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TokenServer {
  realm: string;
  service: string;
  issuer: string;
  /** Requests seen, with the account that asked (never the password). */
  requests: { account: string; scope: string }[];
  stop(): Promise<void>;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/** libtrust's KeyID: base32 of the first 240 bits of sha256(SPKI DER), in groups of four. */
export function libtrustKeyId(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  const encoded = base32(createHash('sha256').update(der).digest().subarray(0, 30));
  return encoded.match(/.{4}/g)?.join(':') ?? encoded;
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/** Starts on 127.0.0.1; `users` maps account to password and may push and pull everything. */
export async function startTokenServer(options: { privateKeyPem: string; users: Record<string, string>; service: string; issuer: string }): Promise<TokenServer> {
  const key = createPrivateKey(options.privateKeyPem);
  const kid = libtrustKeyId(createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString());
  const requests: TokenServer['requests'] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://token');
    const scopes = url.searchParams.getAll('scope');
    const header = req.headers.authorization ?? '';
    let account = '';
    if (header.startsWith('Basic ')) {
      const [user = '', ...rest] = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':');
      if (options.users[user] !== rest.join(':')) {
        requests.push({ account: user, scope: scopes.join(' ') });
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"details":"wrong credentials"}');
        return;
      }
      account = user;
    }
    requests.push({ account, scope: scopes.join(' ') });
    // Anonymous callers get a valid token with no access, as real token servers do.
    const access = account
      ? scopes.flatMap((s) => {
          const [type, name, actions] = s.split(':');
          return type && name && actions ? [{ type, name, actions: actions.split(',') }] : [];
        })
      : [];
    const now = Math.floor(Date.now() / 1000);
    const claims = { iss: options.issuer, sub: account, aud: options.service, exp: now + 300, nbf: now - 10, iat: now, jti: randomUUID(), access };
    const signingInput = `${b64url(JSON.stringify({ typ: 'JWT', alg: 'RS256', kid }))}.${b64url(JSON.stringify(claims))}`;
    const token = `${signingInput}.${b64url(sign('sha256', Buffer.from(signingInput), key))}`;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token, access_token: token, expires_in: 300, issued_at: new Date().toISOString() }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    realm: `http://127.0.0.1:${port}/token`,
    service: options.service,
    issuer: options.issuer,
    requests,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
