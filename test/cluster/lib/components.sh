# shellcheck shell=bash
# Starting each component of the cluster: config files, command line, readiness check.

# Binaries are copied from the cache so that a rebuild of the cache never changes a running cluster.
stage_binaries() {
  mkdir -p "$RUN_BIN"
  local c
  for c in etcd kube-apiserver kube-scheduler kubelet kubectl; do
    [[ -x $(cached_bin "$c") ]] || die "$(cached_bin "$c") is missing (run: $0 build)"
    [[ -x $RUN_BIN/$c ]] || cp "$(cached_bin "$c")" "$RUN_BIN/$c"
  done
}

start_registry() {
  pid_alive registry && return 0
  port_free 5000 || die "127.0.0.1:5000 is taken by another process; the fixture registry needs it"
  mkdir -p "$REGISTRY_DIR/data"
  cat >"$REGISTRY_DIR/config.yml" <<YAML
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $REGISTRY_DIR/data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:5000
YAML
  start_daemon registry docker-registry serve "$REGISTRY_DIR/config.yml"
  wait_for "the registry on $REGISTRY" 20 registry curl -fsS "http://$REGISTRY/v2/"
}

start_etcd() {
  pid_alive etcd && return 0
  if ! port_free 2379 || ! port_free 2380; then die "127.0.0.1:2379/2380 is taken by another process"; fi
  # No fsync: this etcd holds a throw-away test cluster, and fsync dominates its latency on a VM.
  start_daemon etcd "$RUN_BIN/etcd" --name cg-debug --data-dir "$STATE_DIR/etcd" \
    --listen-client-urls http://127.0.0.1:2379 --advertise-client-urls http://127.0.0.1:2379 \
    --listen-peer-urls http://127.0.0.1:2380 --initial-advertise-peer-urls http://127.0.0.1:2380 \
    --initial-cluster cg-debug=http://127.0.0.1:2380 --unsafe-no-fsync --log-level warn
  wait_for "etcd" 30 etcd curl -fsS http://127.0.0.1:2379/health
}

start_apiserver() {
  pid_alive kube-apiserver && return 0
  port_free 6443 || die "127.0.0.1:6443 is taken by another process"
  start_daemon kube-apiserver "$RUN_BIN/kube-apiserver" \
    --etcd-servers=http://127.0.0.1:2379 \
    --bind-address=127.0.0.1 --secure-port=6443 --advertise-address=127.0.0.1 \
    --endpoint-reconciler-type=none \
    --authorization-mode=Node,RBAC --allow-privileged=true \
    --client-ca-file="$PKI_DIR/ca.crt" \
    --tls-cert-file="$PKI_DIR/apiserver.crt" --tls-private-key-file="$PKI_DIR/apiserver.key" \
    --kubelet-client-certificate="$PKI_DIR/apiserver-kubelet-client.crt" \
    --kubelet-client-key="$PKI_DIR/apiserver-kubelet-client.key" \
    --kubelet-certificate-authority="$PKI_DIR/ca.crt" \
    --service-account-key-file="$PKI_DIR/sa.pub" --service-account-signing-key-file="$PKI_DIR/sa.key" \
    --service-account-issuer=https://kubernetes.default.svc \
    --service-cluster-ip-range="$SERVICE_SUBNET" \
    --enable-admission-plugins=NodeRestriction --profiling=false
  wait_for "kube-apiserver" 60 kube-apiserver curl -fsS --cacert "$PKI_DIR/ca.crt" \
    --cert "$PKI_DIR/admin.crt" --key "$PKI_DIR/admin.key" "$APISERVER_URL/readyz"
}

# The scheduler places pods made without a nodeName (cg-debug's copies of a pod). Fixture pods name
# their node and never wait for it. It talks to the API server as system:kube-scheduler (bound by the
# API server's own bootstrap RBAC), serves its health on loopback only, and elects no leader.
start_scheduler() {
  pid_alive kube-scheduler && return 0
  port_free 10259 || die "127.0.0.1:10259 is taken by another process"
  make_scheduler_credentials
  start_daemon kube-scheduler "$RUN_BIN/kube-scheduler" \
    --kubeconfig="$STATE_DIR/kubeconfig-scheduler" \
    --bind-address=127.0.0.1 --secure-port=10259 --leader-elect=false --profiling=false
  wait_for "kube-scheduler" 60 kube-scheduler curl -fsSk https://127.0.0.1:10259/healthz
}

write_containerd_config() {
  mkdir -p "$CTRD_DIR/certs.d/$REGISTRY" "$RUNC_ROOT" "$CNI_CONF_DIR" "$STATE_DIR/cni/ipam"
  cat >"$CTRD_DIR/certs.d/$REGISTRY/hosts.toml" <<TOML
server = "http://$REGISTRY"

[host."http://$REGISTRY"]
  capabilities = ["pull", "resolve"]
TOML
  cat >"$CTRD_DIR/config.toml" <<TOML
version = 2
root = "$CTRD_DIR/root"
state = "$CTRD_DIR/state"
disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs",
  "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.zfs", "io.containerd.tracing.processor.v1.otlp"]

[grpc]
  address = "$CTRD_SOCK"
[ttrpc]
  address = "$CTRD_SOCK.ttrpc"
[debug]
  address = ""
[metrics]
  address = ""

[plugins."io.containerd.internal.v1.opt"]
  path = "$CTRD_DIR/opt"

[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$REGISTRY/pause:$PAUSE_TAG"
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  # The VM lacks CAP_SYS_RESOURCE: runc must not try to lower oom_score_adj below containerd's own.
  restrict_oom_score_adj = true
  enable_selinux = false
  # Pod network namespaces are pinned under the state dir, where down unmounts everything.
  netns_mounts_under_state_dir = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
        Root = "$RUNC_ROOT"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$CNI_CONF_DIR"
  [plugins."io.containerd.grpc.v1.cri".registry]
    config_path = "$CTRD_DIR/certs.d"
TOML
  # Pods get addresses on a bridge without a gateway or masquerading: the host has no route to them
  # and nothing from them leaves the machine.
  cat >"$CNI_CONF_DIR/10-cg-debug.conflist" <<JSON
{
  "cniVersion": "0.4.0",
  "name": "cg-debug",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "$CNI_BRIDGE",
      "isGateway": false,
      "ipMasq": false,
      "ipam": {
        "type": "host-local",
        "ranges": [[{"subnet": "$POD_SUBNET"}]],
        "dataDir": "$STATE_DIR/cni/ipam"
      }
    }
  ]
}
JSON
}

start_containerd() {
  pid_alive containerd && return 0
  write_containerd_config
  start_daemon containerd containerd --config "$CTRD_DIR/config.toml"
  wait_for "containerd" 30 containerd ctr --address "$CTRD_SOCK" version
}

# The kubelet's pod cgroups go under CGROUP_PARENT in every v1 hierarchy, created here so that down
# can remove precisely that subtree.
make_cgroup_parent() {
  local h
  for h in /sys/fs/cgroup/*/; do
    [[ -e $h/cgroup.procs ]] || continue
    [[ $(stat -f -c %T "$h") == cgroup2fs ]] && continue
    mkdir -p "$h$CGROUP_PARENT"
    if [[ -e $h/cpuset.cpus ]]; then
      cat "$h/cpuset.cpus" >"$h$CGROUP_PARENT/cpuset.cpus"
      cat "$h/cpuset.mems" >"$h$CGROUP_PARENT/cpuset.mems"
    fi
  done
}

write_kubelet_config() {
  mkdir -p "$KUBELET_DIR"
  cat >"$KUBELET_DIR/config.yaml" <<YAML
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: 127.0.0.1
port: 10250
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: 10248
containerRuntimeEndpoint: unix://$CTRD_SOCK
cgroupDriver: cgroupfs
cgroupRoot: /$CGROUP_PARENT
failCgroupV1: false
# The VM refuses negative oom_score_adj values (no CAP_SYS_RESOURCE).
oomScoreAdj: 0
# The host's resolver is not reachable from pods.
resolvConf: ""
failSwapOn: false
makeIPTablesUtilChains: false
tlsCertFile: $PKI_DIR/kubelet-serving.crt
tlsPrivateKeyFile: $PKI_DIR/kubelet-serving.key
authentication:
  anonymous:
    enabled: false
  webhook:
    enabled: true
  x509:
    clientCAFile: $PKI_DIR/ca.crt
authorization:
  mode: Webhook
# The fixture images exist only in the local registry: never collect them, never evict for disk.
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
evictionHard:
  memory.available: "1Mi"
  nodefs.available: "1%"
  nodefs.inodesFree: "1%"
  imagefs.available: "1%"
serializeImagePulls: false
maxPods: 40
nodeStatusUpdateFrequency: 4s
syncFrequency: 10s
YAML
}

start_kubelet() {
  pid_alive kubelet && return 0
  port_free 10250 || die "127.0.0.1:10250 is taken by another process"
  make_cgroup_parent
  write_kubelet_config
  start_daemon kubelet "$RUN_BIN/kubelet" --config="$KUBELET_DIR/config.yaml" \
    --kubeconfig="$STATE_DIR/kubeconfig-kubelet" --root-dir="$KUBELET_DIR/root" \
    --cert-dir="$KUBELET_DIR/pki" --hostname-override="$NODE_NAME" --v=2
  wait_for "the kubelet's health endpoint" 60 kubelet curl -fsS http://127.0.0.1:10248/healthz
}

# The kubelet registers its node with the not-ready NoSchedule taint, and the node lifecycle controller
# (kube-controller-manager, not run here) lifts it once the node is Ready. Without that, the scheduler
# would never place a pod; fixture pods name their node and never noticed.
untaint_node() {
  kc taint nodes "$NODE_NAME" node.kubernetes.io/not-ready:NoSchedule- >/dev/null 2>&1 || true
}

node_ready() {
  [[ $(kc get node "$NODE_NAME" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}') == True ]]
}
