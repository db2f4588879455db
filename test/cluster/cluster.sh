#!/usr/bin/env bash
# A real single-node Kubernetes on 127.0.0.1 for cg-debug's end-to-end tests: etcd, kube-apiserver,
# containerd, kubelet and a registry with the fixture images. Usage: cluster.sh COMMAND
#   deps      install the Debian packages it needs
#   build     build the pinned binaries into ${CG_CLUSTER_CACHE:-/var/cache/cg-debug}/bin
#   up        start everything, push images, apply fixtures; prints the admin kubeconfig path last
#   down      stop what up started and remove ${CG_CLUSTER_DIR:-/var/lib/cg-debug-cluster}
#   status    components and pods
#   env       prints `export KUBECONFIG=...`
#   kubectl   runs the cluster's kubectl with the admin kubeconfig
#   kill C    fault injection: SIGKILL kube-apiserver or kubelet
#   start C   start kube-apiserver or kubelet again; returns once it is healthy
set -euo pipefail

LIB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib
# shellcheck source=lib/common.sh
source "$LIB/common.sh"
# shellcheck source=lib/deps.sh
source "$LIB/deps.sh"
# shellcheck source=lib/build.sh
source "$LIB/build.sh"
# shellcheck source=lib/pki.sh
source "$LIB/pki.sh"
# shellcheck source=lib/images.sh
source "$LIB/images.sh"
# shellcheck source=lib/components.sh
source "$LIB/components.sh"
# shellcheck source=lib/lifecycle.sh
source "$LIB/lifecycle.sh"

usage() { sed -n '2,13s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2; exit 2; }

main() {
  local cmd=${1:-}
  shift || true
  case $cmd in
    deps) cmd_deps ;;
    build) cmd_build ;;
    up) with_lock && cmd_up ;;
    down) with_lock && cmd_down ;;
    status) cmd_status ;;
    kill) cmd_kill "$@" ;;
    start) with_lock && cmd_start "$@" ;;
    env) echo "export KUBECONFIG=$ADMIN_KUBECONFIG" ;;
    kubectl) kc "$@" ;;
    *) usage ;;
  esac
}

main "$@"
