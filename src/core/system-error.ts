// The code of a failed network or TLS call, for the Kubernetes and the registry error mappings alike.

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** The system error code (ECONNREFUSED, CERT_HAS_EXPIRED...) anywhere in the cause chain. */
export function systemErrorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; isRecord(current) && depth < 5; current = current.cause, depth++) {
    const code = current.code;
    if (typeof code === 'string' && code !== '') return code;
    // AggregateError from happy-eyeballs connects (IPv4 and IPv6 both refused).
    const errors = current.errors;
    if (Array.isArray(errors) && errors.length > 0) {
      const inner = systemErrorCode(errors[0]);
      if (inner) return inner;
    }
  }
  return undefined;
}
