import { describe, expect, it } from 'vitest';
import { isDnsLabel, isDnsSubdomain, podNamesProblem } from '../../src/core/kube-names.js';

describe('Kubernetes names', () => {
  it.each([
    { name: 'a pod name', input: 'checkout-7d9f-abcde', want: { label: true, subdomain: true } },
    { name: 'one character', input: 'a', want: { label: true, subdomain: true } },
    { name: 'dotted', input: 'web.v2-1', want: { label: false, subdomain: true } },
    { name: 'empty', input: '', want: { label: false, subdomain: false } },
    { name: 'upper case', input: 'Web', want: { label: false, subdomain: false } },
    { name: 'leading dash', input: '-web', want: { label: false, subdomain: false } },
    { name: 'trailing dash', input: 'web-', want: { label: false, subdomain: false } },
    { name: 'empty label', input: 'a..b', want: { label: false, subdomain: false } },
    { name: 'dash before a dot', input: 'a-.b', want: { label: false, subdomain: false } },
    { name: 'command substitution', input: '$(id>/tmp/x)', want: { label: false, subdomain: false } },
    { name: 'backticks', input: '`id`', want: { label: false, subdomain: false } },
    { name: 'a glob', input: 'web*', want: { label: false, subdomain: false } },
    { name: 'a space', input: 'a b', want: { label: false, subdomain: false } },
    { name: 'an escape', input: 'a\u001b[2Jb', want: { label: false, subdomain: false } },
    { name: 'a newline', input: 'a\nb', want: { label: false, subdomain: false } },
    { name: '63 characters', input: 'a'.repeat(63), want: { label: true, subdomain: true } },
    { name: '64 characters', input: 'a'.repeat(64), want: { label: false, subdomain: true } },
    { name: '253 characters', input: `${'a'.repeat(63)}.`.repeat(3) + 'a'.repeat(61), want: { label: false, subdomain: true } },
    { name: '254 characters', input: `${'a'.repeat(63)}.`.repeat(3) + 'a'.repeat(62), want: { label: false, subdomain: false } },
  ])('$name', ({ input, want }) => {
    expect({ label: isDnsLabel(input), subdomain: isDnsSubdomain(input) }).toEqual(want);
  });
});

describe('podNamesProblem', () => {
  const ok = { namespace: 'shop', pod: 'web-7d9f.x', container: 'app' };
  it.each([
    { name: 'valid names', input: ok, want: undefined },
    { name: 'a pod name with an escape', input: { ...ok, pod: 'web\u001b]0;x\u0007' }, want: 'a pod name that is not a Kubernetes name' },
    { name: 'a namespace with a dot', input: { ...ok, namespace: 'a.b' }, want: 'a namespace that is not a Kubernetes name' },
    { name: 'a container name with a space', input: { ...ok, container: 'app; rm' }, want: 'a container name that is not a Kubernetes name' },
  ])('$name', ({ input, want }) => {
    expect(podNamesProblem(input)).toBe(want);
  });
});
