// The parts of client-node's package index that are loaded on demand (`await import('./full-client.js')`):
// named here so the bundler keeps only these of the generated API, as it does for static imports.
export { CoreV1Api, KubeConfig, dumpYaml } from '@kubernetes/client-node';
