# shellcheck shell=bash
# Shared settings and small helpers for cluster.sh. Sourced, never executed.

K8S_VERSION=v1.34.4
ETCD_VERSION=v3.6.16
PAUSE_TAG=3.10

CLUSTER_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE_DIR=${CG_CLUSTER_CACHE:-/var/cache/cg-debug}
STATE_DIR=${CG_CLUSTER_DIR:-/var/lib/cg-debug-cluster}
BIN_CACHE=$CACHE_DIR/bin

# Everything the cluster creates at run time lives under STATE_DIR.
PKI_DIR=$STATE_DIR/pki
LOG_DIR=$STATE_DIR/logs
PID_DIR=$STATE_DIR/pids
RUN_BIN=$STATE_DIR/bin
CTRD_DIR=$STATE_DIR/containerd
CTRD_SOCK=$CTRD_DIR/containerd.sock
RUNC_ROOT=$STATE_DIR/runc
CNI_CONF_DIR=$STATE_DIR/cni/net.d
KUBELET_DIR=$STATE_DIR/kubelet
REGISTRY_DIR=$STATE_DIR/registry
IMAGE_DIR=$STATE_DIR/images
ADMIN_KUBECONFIG=$STATE_DIR/kubeconfig

NODE_NAME=127.0.0.1
REGISTRY=127.0.0.1:5000
APISERVER_URL=https://127.0.0.1:6443
POD_SUBNET=10.244.77.0/24
SERVICE_SUBNET=10.96.77.0/24
CNI_BRIDGE=cgdbg0
# kubelet puts every pod cgroup under this parent, so down can remove exactly what the cluster made.
CGROUP_PARENT=cg-debug

log() { printf '[cluster] %s\n' "$*" >&2; }
die() { printf '[cluster] ERROR: %s\n' "$*" >&2; exit 1; }

require_root_linux() {
  [[ $(uname -s) == Linux ]] || die "the test cluster needs Linux (found $(uname -s))"
  [[ $EUID -eq 0 ]] || die "the test cluster needs root (kubelet, containerd and runc manage namespaces, mounts and cgroups)"
}

# cached_bin NAME -> path of the version-keyed binary in the build cache.
cached_bin() {
  case $1 in
    kube-apiserver | kubelet | kubectl | kube-scheduler) echo "$BIN_CACHE/$1-$K8S_VERSION" ;;
    etcd) echo "$BIN_CACHE/etcd-$ETCD_VERSION" ;;
    *) die "unknown component $1" ;;
  esac
}

kc() { "$(cached_bin kubectl)" --kubeconfig "$ADMIN_KUBECONFIG" "$@"; }
ctr_k8s() { ctr --address "$CTRD_SOCK" --namespace k8s.io "$@"; }

# proc_running PID: alive and not a zombie (the init of this VM reaps orphans only now and then).
proc_running() {
  local state
  state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
  [[ -n $state && $state != Z && $state != X ]]
}

# pid_alive NAME: the recorded process of component NAME is still running.
pid_alive() {
  local f=$PID_DIR/$1.pid
  [[ -f $f ]] && proc_running "$(cat "$f")"
}

# start_daemon NAME CMD...: runs CMD in the background, detached from this shell, logging to
# LOG_DIR/NAME.log, and records its pid. setsid keeps a ^C in the caller's terminal away from it.
start_daemon() {
  local name=$1
  shift
  mkdir -p "$LOG_DIR" "$PID_DIR"
  # A daemon must not keep holding a lock its caller held: fd 9 is with_lock's, and `flock FILE cmd`
  # (how the e2e runs are serialized) passes its lock on fd 3. A kept lock would outlive the caller.
  setsid "$@" </dev/null >>"$LOG_DIR/$name.log" 2>&1 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- &
  echo $! >"$PID_DIR/$name.pid"
}

# stop_daemon NAME [TIMEOUT_S]: TERM, then KILL after the timeout (at once for 0), the recorded
# pid only; returns once it is gone.
stop_daemon() {
  local name=$1 timeout=${2:-10} f=$PID_DIR/$1.pid pid i
  [[ -f $f ]] || return 0
  pid=$(cat "$f")
  if proc_running "$pid"; then
    if ((timeout > 0)); then kill -TERM "$pid" 2>/dev/null || true; fi
    for ((i = 0; i < timeout * 10; i++)); do
      proc_running "$pid" || break
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
      proc_running "$pid" || break
      sleep 0.1
    done
  fi
  rm -f "$f"
}

# wait_for DESC TIMEOUT_S LOGNAME CMD...: polls CMD until it succeeds; on timeout prints the
# tail of LOGNAME's log (if any) and fails.
wait_for() {
  local desc=$1 timeout=$2 logname=$3 deadline
  shift 3
  deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    local reason=
    ((SECONDS >= deadline)) && reason="timed out after ${timeout}s waiting for $desc"
    [[ -n $logname && -f $PID_DIR/$logname.pid ]] && ! pid_alive "$logname" &&
      reason="$logname exited while waiting for $desc"
    if [[ -n $reason ]]; then
      log "$reason"
      if [[ -n $logname && -f $LOG_DIR/$logname.log ]]; then
        log "last lines of $LOG_DIR/$logname.log:"
        tail -n 40 "$LOG_DIR/$logname.log" >&2
      fi
      return 1
    fi
    sleep 0.3
  done
}

# with_lock: serialises up and down of the same STATE_DIR (e2e runs of several developers on one
# machine). The lock lives outside STATE_DIR, which down removes.
with_lock() {
  local lock
  lock=/run/lock/cg-debug-cluster-$(printf '%s' "$STATE_DIR" | sha256sum | cut -c1-12).lock
  mkdir -p /run/lock
  exec 9>"$lock"
  if ! flock -n 9; then
    log "waiting for another cluster.sh up/down on $STATE_DIR"
    flock -w 1800 9 || die "gave up waiting for the lock $lock"
  fi
}

port_free() { ! ss -Hltn "sport = :$1" | grep -q .; }
