/** Whether `host` (`HOST` or `HOST:PORT`, IPv6 in brackets) is this machine: localhost, 127.0.0.0/8 or [::1]. */
export function isLoopback(hostPort: string): boolean {
  const host = hostPort.startsWith('[') ? hostPort.slice(0, hostPort.indexOf(']') + 1) : hostPort.split(':')[0] ?? '';
  return host === 'localhost' || host === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(host);
}
