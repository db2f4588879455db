#!/usr/bin/env bash
# Runs a command with Node 24 first on PATH: Node 24 comes from the npm registry's `node` package,
# installed into a local prefix (never over the system's node) and kept between runs.
set -euo pipefail
prefix="${CG_NODE24_PREFIX:-/var/cache/cg-debug/node24}"
if [[ ! -x "$prefix/node_modules/node/bin/node" ]]; then
  mkdir -p "$prefix"
  npm install --prefix "$prefix" --no-save --no-package-lock node@24 >/dev/null
fi
export PATH="$prefix/node_modules/node/bin:$PATH"
echo "node $(node --version)"
exec "$@"
