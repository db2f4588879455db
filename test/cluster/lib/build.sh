# shellcheck shell=bash
# `build`: Kubernetes, etcd and the fixture images' Go programs, cached by version (or by source
# hash for the fixture programs) so that a second run is a few file tests.

# sum.golang.org is not reachable here; the committed go.sum files pin every module's hash instead.
# go_build DIR EXTRA_LDFLAGS ARGS...
go_build() {
  command -v go >/dev/null || die "go is not on PATH (see: $0 deps)"
  local dir=$1 ldflags="-s -w -buildid= $2"
  shift 2
  (cd "$dir" && GOSUMDB=off GOFLAGS='-mod=mod -buildvcs=false' CGO_ENABLED=0 GOTOOLCHAIN=local \
    go build -trimpath -ldflags="$ldflags" "$@")
}

# What upstream's build stamps into the binaries; without it they report v0.0.0-master, which
# clients read as a version skew.
k8s_version_ldflags() {
  local v=k8s.io/component-base/version minor=${K8S_VERSION#v1.}
  minor=${minor%%.*}
  echo "-X $v.gitVersion=$K8S_VERSION -X $v.gitMajor=1 -X $v.gitMinor=$minor -X $v.gitTreeState=clean" \
    "-X $v.buildDate=1970-01-01T00:00:00Z"
}

# fixture_hash: one hash over the fixture programs' sources; their cached binaries are keyed by it.
fixture_hash() {
  (cd "$CLUSTER_ROOT/images" && cat go.mod app/*.go pause/*.go | sha256sum | cut -c1-12)
}
fixture_bin() { echo "$BIN_CACHE/$1-$(fixture_hash)"; }

K8S_COMPONENTS=(kube-apiserver kubelet kubectl kube-scheduler)

# build_k8s COMPONENT...: only the ones named, so a cache from before a component was added builds
# just that one (the Go build cache makes the shared packages cheap).
build_k8s() {
  local tmp c pkgs=()
  tmp=$(mktemp -d "$BIN_CACHE/.k8s-XXXXXX")
  for c in "$@"; do pkgs+=("./cmd/$c"); done
  log "building $* $K8S_VERSION (cold: 10-20 min on 2 cores)"
  go_build "$CLUSTER_ROOT/build/k8s" "$(k8s_version_ldflags)" -o "$tmp/" "${pkgs[@]}"
  for c in "$@"; do mv "$tmp/$c" "$(cached_bin "$c")"; done
  rmdir "$tmp"
}

build_etcd() {
  log "building etcd $ETCD_VERSION"
  go_build "$CLUSTER_ROOT/build/etcd" "" -o "$(cached_bin etcd).tmp" .
  mv "$(cached_bin etcd).tmp" "$(cached_bin etcd)"
}

build_fixture_programs() {
  local p
  for p in cg-fixture-app pause; do
    [[ -x $(fixture_bin "$p") ]] && continue
    log "building fixture program $p"
    go_build "$CLUSTER_ROOT/images" "" -o "$(fixture_bin "$p").tmp" "./${p#cg-fixture-}"
    mv "$(fixture_bin "$p").tmp" "$(fixture_bin "$p")"
  done
}

cmd_build() {
  mkdir -p "$BIN_CACHE"
  local c missing=()
  for c in "${K8S_COMPONENTS[@]}"; do [[ -x $(cached_bin "$c") ]] || missing+=("$c"); done
  ((${#missing[@]})) && build_k8s "${missing[@]}"
  [[ -x $(cached_bin etcd) ]] || build_etcd
  build_fixture_programs
}
