#!/usr/bin/env bash
# `npm run demo`: the local cluster, then cg-debug on the distroless fixture app in cg-privileged.
# Expects dist/ to be built (npm run demo builds it first).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
cluster=$here/cluster.sh

bash "$cluster" deps
bash "$cluster" build
kubeconfig=$(bash "$cluster" up | tail -n 1)

cat >&2 <<MSG

Cluster is up. Starting: cg-debug -n cg-privileged app
(the debug image defaults to the local wolfi-base stand-in; type 'exit' to leave the shell)

MSG
status=0
KUBECONFIG=$kubeconfig CG_DEBUG_DEFAULT_IMAGE=127.0.0.1:5000/chainguard/wolfi-base:latest \
  node "$repo/dist/cg-debug.mjs" -n cg-privileged app || status=$?

cat >&2 <<MSG

The cluster is still running. Use it with:
  export KUBECONFIG=$kubeconfig
  node dist/cg-debug.mjs -n cg-baseline two        # or any fixture pod: kubectl get pods -A
Tear it down with:
  bash test/cluster/cluster.sh down    # as root
MSG
exit "$status"
