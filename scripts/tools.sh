#!/usr/bin/env bash
# The release's build and check tools, built from their registries once and cached by version beside the
# test cluster's binaries (${CG_CLUSTER_CACHE:-/var/cache/cg-debug}/bin). Prints the tool's path.
# Usage: scripts/tools.sh krew | validate-krew-manifest | rcodesign
#   krew, validate-krew-manifest  krew's own plugin manager and the validator krew-index's CI runs on every
#                                 manifest, from the Go module proxy (module sigs.k8s.io/krew, scripts/krew/)
#   rcodesign                     apple-codesign's signer and verifier of Mach-O code signatures, from
#                                 crates.io (only what signing needs: no notarization client)
set -euo pipefail

KREW_VERSION=v0.4.3
RCODESIGN_VERSION=0.29.0

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cache=${CG_CLUSTER_CACHE:-/var/cache/cg-debug}/bin

log() { printf '[tools] %s\n' "$*" >&2; }
die() { printf '[tools] ERROR: %s\n' "$*" >&2; exit 1; }

# The wrapper module's go.sum is committed: sum.golang.org is not reachable, so builds use GOSUMDB=off and
# the committed hashes, as the test cluster's builds do (test/cluster/lib/build.sh).
build_krew() {
  command -v go >/dev/null || die "go is not on PATH"
  local tmp
  mkdir -p "$cache"
  tmp=$(mktemp -d "$cache/.krew-XXXXXX")
  log "building krew and validate-krew-manifest $KREW_VERSION"
  # No version stamped in: krew then counts as a development build and never calls out for an upgrade
  # check, which validate-krew-manifest's environment has no way to turn off.
  (cd "$here/krew" && GOSUMDB=off GOFLAGS='-mod=mod -buildvcs=false' CGO_ENABLED=0 GOTOOLCHAIN=local \
    go build -trimpath -ldflags="-s -w -buildid=" \
    -o "$tmp/" sigs.k8s.io/krew/cmd/krew sigs.k8s.io/krew/cmd/validate-krew-manifest)
  mv "$tmp/krew" "$cache/krew-$KREW_VERSION"
  mv "$tmp/validate-krew-manifest" "$cache/validate-krew-manifest-$KREW_VERSION"
  rmdir "$tmp"
}

# cargo checks every crate against the registry index's checksum; --locked builds the dependency versions
# the crate was released with.
build_rcodesign() {
  # rustup puts cargo in ~/.cargo/bin, which a non-login shell's PATH may lack.
  command -v cargo >/dev/null || PATH=$PATH:${CARGO_HOME:-$HOME/.cargo}/bin
  command -v cargo >/dev/null || die "cargo is not on PATH (install Rust with rustup, or PATH it)"
  local tmp
  mkdir -p "$cache"
  tmp=$(mktemp -d "$cache/.rcodesign-XXXXXX")
  log "building rcodesign $RCODESIGN_VERSION (apple-codesign; cold: about 15 min on 2 cores)"
  cargo install "apple-codesign@$RCODESIGN_VERSION" --no-default-features --locked --quiet \
    --root "$tmp/root" --target-dir "$tmp/target"
  mv "$tmp/root/bin/rcodesign" "$cache/rcodesign-$RCODESIGN_VERSION"
  rm -rf "$tmp"
}

case ${1:-} in
  krew | validate-krew-manifest)
    bin=$cache/$1-$KREW_VERSION
    [[ -x $bin ]] || build_krew
    ;;
  rcodesign)
    bin=$cache/rcodesign-$RCODESIGN_VERSION
    [[ -x $bin ]] || build_rcodesign
    ;;
  *) sed -n '2,9s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2; exit 2 ;;
esac
echo "$bin"
