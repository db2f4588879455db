# shellcheck shell=bash
# `deps`: the Debian packages the cluster runs on. Quiet and fast when everything is there.

DEB_PACKAGES=(
  containerd runc containernetworking-plugins skopeo docker-registry busybox-static
  tmux openssl iproute2 apache2-utils jq curl
  zsh fish  # the end-to-end tests run the completion scripts in every shell they support
)

missing_packages() {
  local p
  for p in "${DEB_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || echo "$p"
  done
}

cmd_deps() {
  require_root_linux
  local missing
  mapfile -t missing < <(missing_packages)
  if ((${#missing[@]} > 0)); then
    log "installing ${missing[*]}"
    # policy-rc.d keeps Debian's maintainer scripts from starting containerd or the registry as
    # system services: the cluster runs its own, on its own sockets and ports.
    local policy=/usr/sbin/policy-rc.d created_policy=0
    if [[ ! -e $policy ]]; then
      printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && created_policy=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    ((created_policy)) && rm -f "$policy"
  fi
  command -v go >/dev/null || die "Go (>= 1.24) is needed to build the cluster binaries: install it from go.dev's release tarball or PATH it"
}
