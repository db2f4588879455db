// Strings from the cluster (names, images, messages, annotations) are attacker-controlled: an ESC
// sequence in a pod name must not move the cursor, retitle the terminal or paint the screen.

// Sequences are removed whole so their parameters do not leak as visible garbage.
const ESCAPE_SEQUENCE = new RegExp(
  [
    // OSC, DCS, SOS, PM, APC (7-bit and 8-bit introducers) up to BEL or ST; unterminated: to the end.
    '(?:\\u001b[\\]PX^_]|[\\u0090\\u0098\\u009d\\u009e\\u009f])[\\s\\S]*?(?:\\u0007|\\u001b\\\\|\\u009c|$)',
    // CSI (ESC [ or 0x9B): parameters, intermediates, one final byte.
    '(?:\\u001b\\[|\\u009b)[\\u0030-\\u003f]*[\\u0020-\\u002f]*[\\u0040-\\u007e]?',
    // Other escapes: ESC, intermediates, one final byte (e.g. ESC ( B, ESC c).
    '\\u001b[\\u0020-\\u002f]*[\\u0030-\\u007e]?',
  ].join('|'),
  'g',
);

// Remaining C0, DEL and C1 controls, plus bidi overrides that reorder what the user reads.
// eslint-disable-next-line no-control-regex -- matching controls is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const WHITESPACE_CONTROL = /[\t\n\r\v\f]+/g;

// `user:password@` in a URL (a kubeconfig server, a registry realm) is a secret wherever it is quoted.
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]*@/gi;

/**
 * Makes a string from outside safe to print: no escape sequences, no control characters, no URL
 * user or password.
 */
export function sanitizeText(input: string): string {
  return input.replace(ESCAPE_SEQUENCE, '').replace(WHITESPACE_CONTROL, ' ').replace(CONTROL, '').replace(URL_USERINFO, '$1');
}

// Anything but printable ASCII: a terminal may draw it in two columns (CJK, emoji) or none (zero-width,
// combining marks), where a table counts one per character.
const NOT_ONE_COLUMN = /[^\u0020-\u007e]/gu;

/**
 * sanitizeText for a table cell whose width is counted in characters: every character that is not
 * printable ASCII becomes `?`, so a hostile value cannot shift the columns after it or hide characters.
 * Kubernetes names and image references are ASCII by their grammar; a real one is never changed.
 */
export function sanitizeCell(input: string): string {
  return sanitizeText(input).replace(NOT_ONE_COLUMN, '?');
}

// Controls that JSON.stringify and YAML dumpers leave raw: DEL, C1 (a terminal may act on 0x9B as CSI)
// and bidi overrides. Inside a JSON string they can be written as \uXXXX without changing the value.
const RAW_IN_STRUCTURED = /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** JSON text (from JSON.stringify) with every control a terminal could act on written as `\uXXXX`. */
export function terminalSafeJson(json: string): string {
  return json.replace(RAW_IN_STRUCTURED, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * YAML text (from a dumper that already escapes C0 and C1 in quoted scalars) without bidi overrides,
 * which YAML cannot escape in a plain scalar. They never occur in a valid Kubernetes name or image.
 */
export function terminalSafeYaml(yaml: string): string {
  return yaml.replace(/[\u202a-\u202e\u2066-\u2069]/g, '');
}
