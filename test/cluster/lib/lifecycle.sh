# shellcheck shell=bash
# `up` and `down`.

COMPONENTS=(registry etcd kube-apiserver kube-scheduler containerd kubelet)

# Paths outside STATE_DIR that the components write to whatever their configuration says: the
# kubelet's device-plugin socket dir, libcni's result cache, the containerd shims' socket dir.
HOST_PATHS=(/var/lib/kubelet /var/lib/cni /run/containerd)

# record_host_paths: remembers which HOST_PATHS did not exist before the first up; down removes
# those entirely, and only this cluster's entries from the others.
record_host_paths() {
  local f=$STATE_DIR/host-paths-created p
  [[ -f $f ]] && return 0
  for p in "${HOST_PATHS[@]}"; do [[ -e $p ]] || echo "$p"; done >"$f"
}

clean_host_paths() {
  local f=$STATE_DIR/host-paths-created p id
  # Result files of this cluster's network and of the loopback setup of the same sandboxes.
  for p in /var/lib/cni/results/cg-debug-*-eth0; do
    [[ -e $p ]] || continue
    id=${p#/var/lib/cni/results/cg-debug-}
    id=${id%-eth0}
    rm -f "$p" "/var/lib/cni/results/cni-loopback-$id-lo"
  done
  rm -f /var/lib/kubelet/device-plugins/kubelet.sock
  [[ -f $f ]] || return 0
  while read -r p; do
    [[ -n $p && -d $p ]] || continue
    # Created by this cluster; only empty directories are left once its processes are gone.
    find "$p" -depth -type d -empty -delete 2>/dev/null || true
    [[ -e $p ]] && log "$p is not empty after down; left in place"
  done <"$f"
  return 0
}

all_running() {
  local c
  for c in "${COMPONENTS[@]}"; do pid_alive "$c" || return 1; done
}

any_running() {
  local c
  for c in "${COMPONENTS[@]}"; do pid_alive "$c" && return 0; done
  return 1
}

apply_fixtures() {
  local digest f
  digest=$(image_digest chainguard/app 1.2.3)
  [[ $(registry_digest chainguard/app 1.2.3) == "$digest" ]] ||
    die "the registry serves another digest for chainguard/app:1.2.3 than the one built ($digest)"
  echo "$digest" >"$STATE_DIR/app-digest"
  for f in "$CLUSTER_ROOT"/fixtures/*.yaml; do
    sed "s/@APP_DIGEST@/$digest/" "$f" | kc apply -f - >>"$LOG_DIR/fixtures.log" 2>&1 ||
      { tail -n 20 "$LOG_DIR/fixtures.log" >&2; die "applying $(basename "$f") failed"; }
  done
}

pods_not_running() {
  kc get pods -A --no-headers -o custom-columns=NS:.metadata.namespace,NAME:.metadata.name,PHASE:.status.phase |
    awk '$3 != "Running"'
}

all_pods_running() {
  local out
  out=$(pods_not_running) && [[ -z $out ]]
}

wait_pods_running() {
  if ! wait_for "all fixture pods to be Running" 90 kubelet all_pods_running; then
    pods_not_running >&2
    kc get events -A --sort-by=.lastTimestamp 2>/dev/null | tail -n 15 >&2
    exit 1
  fi
}

cmd_up() {
  require_root_linux
  if [[ -f $STATE_DIR/up.done ]] && all_running && node_ready; then
    echo "$ADMIN_KUBECONFIG"
    return 0
  fi
  local t0=$SECONDS
  # State whose processes are all gone (a killed session, a reboot) still holds mounts and dead
  # sandboxes: clear it rather than resurrect it.
  if [[ -d $STATE_DIR ]] && ! any_running; then
    log "clearing the state of a cluster that is no longer running"
    cmd_down
  fi
  cmd_build
  mkdir -p "$STATE_DIR" "$LOG_DIR" "$PID_DIR"
  rm -f "$STATE_DIR/up.done"
  record_host_paths
  make_pki
  stage_binaries
  start_registry
  start_etcd
  start_apiserver
  start_scheduler
  start_containerd
  start_kubelet
  log "building and pushing fixture images"
  build_images
  push_images
  apply_fixtures
  wait_for "node $NODE_NAME to be Ready" 60 kubelet node_ready || exit 1
  untaint_node
  wait_pods_running
  touch "$STATE_DIR/up.done"
  log "cluster up in $((SECONDS - t0))s; admin kubeconfig:"
  echo "$ADMIN_KUBECONFIG"
}

# kill_cluster_processes: whatever runs in the kubelet's cgroup subtree (containers) and the
# containerd shims serving our socket; both exist only because this cluster made them.
kill_cluster_processes() {
  local pids
  pids=$( (cat /sys/fs/cgroup/*/"$CGROUP_PARENT"/cgroup.procs 2>/dev/null
    find /sys/fs/cgroup/*/"$CGROUP_PARENT" -name cgroup.procs -exec cat {} + 2>/dev/null
    pgrep -f -- "-address $CTRD_SOCK( |$)" || true) | sort -un)
  [[ -z $pids ]] && return 0
  # shellcheck disable=SC2086
  kill -KILL $pids 2>/dev/null || true
  sleep 0.3
}

remove_containers() {
  [[ -S $CTRD_SOCK ]] && pid_alive containerd || return 0
  local id
  for id in $(ctr_k8s tasks ls -q 2>/dev/null); do
    ctr_k8s tasks kill -s SIGKILL "$id" >/dev/null 2>&1 || true
  done
  sleep 0.3
  for id in $(ctr_k8s tasks ls -q 2>/dev/null); do
    ctr_k8s tasks delete -f "$id" >/dev/null 2>&1 || true
  done
  for id in $(ctr_k8s containers ls -q 2>/dev/null); do
    ctr_k8s containers delete "$id" >/dev/null 2>&1 || true
  done
}

# remove_shim_sockets: containerd 1.6 puts each shim's socket at /run/containerd/s/<sha256 of
# "<containerd address>/<namespace>/<id>">, whatever its state dir; a killed shim leaves it behind.
remove_shim_sockets() {
  local dir id hash
  for dir in "$CTRD_DIR"/state/io.containerd.runtime.v2.task/*/*/; do
    [[ -d $dir ]] || continue
    id=$(basename "$dir")
    hash=$(printf '%s' "$CTRD_SOCK/$(basename "$(dirname "$dir")")/$id" | sha256sum | cut -d' ' -f1)
    rm -f "/run/containerd/s/$hash"
  done
}

unmount_state() {
  local m mounts _
  for _ in 1 2 3; do
    mapfile -t mounts < <(awk -v p="$STATE_DIR/" 'index($2, p) == 1 {print $2}' /proc/self/mounts | sort -r)
    ((${#mounts[@]} == 0)) && return 0
    for m in "${mounts[@]}"; do umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true; done
  done
  mapfile -t mounts < <(awk -v p="$STATE_DIR/" 'index($2, p) == 1 {print $2}' /proc/self/mounts)
  ((${#mounts[@]} == 0)) || die "could not unmount: ${mounts[*]}"
}

remove_cgroups() {
  local h
  for h in /sys/fs/cgroup/*/"$CGROUP_PARENT"; do
    [[ -d $h ]] && find "$h" -depth -type d -exec rmdir {} + 2>/dev/null
  done
  for h in /sys/fs/cgroup/*/"$CGROUP_PARENT"; do
    [[ -d $h ]] && log "cgroup $h is still there"
  done
  return 0
}

cmd_down() {
  require_root_linux
  [[ -d $STATE_DIR ]] || return 0
  # The state is thrown away: only containerd gets time to shut down cleanly, because it has to
  # release the containers' mounts and shims.
  stop_daemon kubelet 0
  remove_containers
  stop_daemon containerd 10
  kill_cluster_processes
  remove_shim_sockets
  unmount_state
  ip link show "$CNI_BRIDGE" >/dev/null 2>&1 && ip link delete "$CNI_BRIDGE"
  remove_cgroups
  clean_host_paths
  stop_daemon kube-scheduler 0
  stop_daemon kube-apiserver 0
  stop_daemon etcd 0
  stop_daemon registry 0
  rm -rf --one-file-system "$STATE_DIR"
  log "cluster down"
}

cmd_status() {
  local c
  for c in "${COMPONENTS[@]}"; do
    if pid_alive "$c"; then echo "$c: running (pid $(cat "$PID_DIR/$c.pid"))"; else echo "$c: stopped"; fi
  done
  if pid_alive kube-apiserver; then kc get nodes,pods -A -o wide 2>&1 || true; fi
}

# Fault injection for the e2e suite (test/e2e/faults.test.ts). `kill COMPONENT` ends the API server or
# the kubelet at once (SIGKILL, as a crash would); `start COMPONENT` starts it again as `up` does and
# returns once it is healthy (for the kubelet: once the node is Ready again).
FAULT_COMPONENTS="kube-apiserver kubelet"

cmd_kill() {
  require_root_linux
  [[ " $FAULT_COMPONENTS " == *" ${1:-} "* ]] || die "kill takes one of: $FAULT_COMPONENTS"
  stop_daemon "$1" 0
}

cmd_start() {
  require_root_linux
  case ${1:-} in
    kube-apiserver) start_apiserver ;;
    kubelet)
      start_kubelet
      wait_for "node $NODE_NAME to be Ready" 90 kubelet node_ready
      ;;
    *) die "start takes one of: $FAULT_COMPONENTS" ;;
  esac
}
