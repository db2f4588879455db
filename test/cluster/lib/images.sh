# shellcheck shell=bash
# Fixture images, built offline as OCI layouts and pushed to the cluster's own registry. Each image
# is one deterministic layer, so the same sources always give the same digests.

FILES_DIR=$CLUSTER_ROOT/images/files
APP_BIN_PATH=usr/bin/cg-fixture-app
SHELL_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

# rootfs_base DIR NAME: the distroless part every fixture image shares, and the marker file
# /etc/cg-fixture-image telling tests which image a shell is in.
rootfs_base() {
  local dir=$1 name=$2
  install -d -m 755 "$dir/etc" "$dir/usr/bin" "$dir/home/nonroot"
  install -d -m 1777 "$dir/tmp"
  install -m 644 "$FILES_DIR/passwd" "$FILES_DIR/group" "$dir/etc/"
  printf '%s\n' "$name" >"$dir/etc/cg-fixture-image"
  chmod 644 "$dir/etc/cg-fixture-image"
}

rootfs_app() {
  rootfs_base "$1" "$2"
  install -d -m 755 "$1/app"
  install -m 755 "$(fixture_bin cg-fixture-app)" "$1/$APP_BIN_PATH"
  install -m 644 "$FILES_DIR/config.txt" "$1/app/config.txt"
}

# rootfs_tools DIR: busybox with every applet linked where `busybox --list-full` puts it, and the
# apk stand-in.
rootfs_tools() {
  local dir=$1 applet
  install -d -m 755 "$dir/bin" "$dir/sbin" "$dir/usr/sbin"
  install -m 755 "$(command -v busybox)" "$dir/bin/busybox"
  while read -r applet; do
    [[ -e $dir/$applet || -L $dir/$applet ]] || ln -s /bin/busybox "$dir/$applet"
  done < <(busybox --list-full)
  install -m 755 "$FILES_DIR/apk" "$dir/usr/bin/apk"
}

TOOLKIT_FILES=$FILES_DIR/toolkit

# rootfs_toolkit DIR: the app plus what the incident toolkit's tests read through /proc/1/root: a
# release directory reached only through an absolute symlink (/app/current -> /srv/release, absent
# from the -dev image, so it must resolve inside the target's root), an executable, a 1 MiB+ file, a
# directory only root can read, and Chainguard-style SPDX SBOMs. Its working directory is /app.
rootfs_toolkit() {
  local dir=$1
  rootfs_app "$dir" toolkit
  install -d -m 755 "$dir/srv/release/bin" "$dir/var/lib/db/sbom"
  install -m 644 "$TOOLKIT_FILES/report.txt" "$dir/srv/release/report.txt"
  install -m 755 "$TOOLKIT_FILES/tool.sh" "$dir/srv/release/bin/tool.sh"
  seq 1 200000 >"$dir/srv/release/numbers.txt" && chmod 644 "$dir/srv/release/numbers.txt"
  ln -s report.txt "$dir/srv/release/latest"
  ln -s /srv/release "$dir/app/current"
  install -d -m 700 "$dir/secret"
  printf 'only root reads this\n' >"$dir/secret/key.txt" && chmod 600 "$dir/secret/key.txt"
  install -m 644 "$TOOLKIT_FILES"/sbom/*.spdx.json "$dir/var/lib/db/sbom/"
}

# rootfs_toolkit_dev DIR: busybox and an apk database whose versions partly differ from the SBOMs.
rootfs_toolkit_dev() {
  local dir=$1
  rootfs_base "$dir" toolkit-dev
  rootfs_tools "$dir"
  install -d -m 755 "$dir/lib/apk/db"
  install -m 644 "$TOOLKIT_FILES/apk-installed" "$dir/lib/apk/db/installed"
}

# oci_add_blob LAYOUT FILE MEDIATYPE -> prints the descriptor JSON of FILE stored as a blob.
oci_add_blob() {
  local layout=$1 file=$2 media=$3 digest size
  digest=$(sha256sum "$file" | cut -d' ' -f1)
  size=$(stat -c %s "$file")
  install -D -m 644 "$file" "$layout/blobs/sha256/$digest"
  jq -cn --arg m "$media" --arg d "sha256:$digest" --argjson s "$size" '{mediaType: $m, digest: $d, size: $s}'
}

# oci_image ROOTFS LAYOUT CONFIG_JSON TAG...: packs ROOTFS as one layer and writes an OCI layout
# whose index names the manifest once per TAG. CONFIG_JSON is the image's runtime `config`.
oci_image() {
  local rootfs=$1 layout=$2 runtime_config=$3 work layer_desc config_desc manifest_desc diff_id tag
  shift 3
  work=$(mktemp -d)
  rm -rf "$layout" && mkdir -p "$layout"
  # Deterministic tar: sorted names, fixed owner and mtime, no gzip timestamp.
  (cd "$rootfs" && find . -mindepth 1 -maxdepth 1 -printf '%P\n' | LC_ALL=C sort |
    tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 --format=gnu \
      -cf "$work/layer.tar" -T -)
  diff_id=sha256:$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
  gzip -n -9 <"$work/layer.tar" >"$work/layer.tar.gz"
  layer_desc=$(oci_add_blob "$layout" "$work/layer.tar.gz" application/vnd.oci.image.layer.v1.tar+gzip)
  jq -cn --argjson c "$runtime_config" --arg d "$diff_id" '{
      created: "1970-01-01T00:00:00Z", architecture: "amd64", os: "linux",
      config: $c, rootfs: {type: "layers", diff_ids: [$d]},
      history: [{created: "1970-01-01T00:00:00Z", created_by: "test/cluster/lib/images.sh"}]
    }' >"$work/config.json"
  config_desc=$(oci_add_blob "$layout" "$work/config.json" application/vnd.oci.image.config.v1+json)
  jq -cn --argjson c "$config_desc" --argjson l "$layer_desc" '{
      schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json", config: $c, layers: [$l]
    }' >"$work/manifest.json"
  manifest_desc=$(oci_add_blob "$layout" "$work/manifest.json" application/vnd.oci.image.manifest.v1+json)
  printf '{"imageLayoutVersion":"1.0.0"}' >"$layout/oci-layout"
  printf '%s\n' "$@" | jq -cR --argjson m "$manifest_desc" \
    '$m + {annotations: {"org.opencontainers.image.ref.name": .}}' | jq -cs '{schemaVersion: 2, manifests: .}' >"$layout/index.json"
  rm -rf "$work"
}

# runtime_config USER CMD_JSON ENTRYPOINT_JSON
runtime_config() {
  jq -cn --arg u "$1" --argjson cmd "$2" --argjson ep "$3" --arg path "PATH=$SHELL_PATH" '
    {Env: [$path], WorkingDir: "/"} + (if $u == "" then {} else {User: $u} end)
    + (if $ep == null then {} else {Entrypoint: $ep} end) + (if $cmd == null then {} else {Cmd: $cmd} end)'
}

build_images() {
  local work app_cfg toolkit_cfg
  work=$(mktemp -d)
  rm -rf "$IMAGE_DIR" && mkdir -p "$IMAGE_DIR"
  app_cfg=$(runtime_config 65532 null "[\"/$APP_BIN_PATH\"]")

  mkdir "$work/app" && rootfs_app "$work/app" app
  oci_image "$work/app" "$IMAGE_DIR/chainguard/app" "$app_cfg" 1.2.3 latest

  mkdir "$work/app-dev" && rootfs_app "$work/app-dev" app-dev && rootfs_tools "$work/app-dev"
  oci_image "$work/app-dev" "$IMAGE_DIR/chainguard/app-dev" "$app_cfg" 1.2.3-dev latest-dev

  mkdir "$work/wolfi-base" && rootfs_base "$work/wolfi-base" wolfi-base && rootfs_tools "$work/wolfi-base"
  oci_image "$work/wolfi-base" "$IMAGE_DIR/chainguard/wolfi-base" \
    "$(runtime_config '' '["/bin/sh","-l"]' null)" latest

  mkdir "$work/nodev" && rootfs_app "$work/nodev" nodev
  oci_image "$work/nodev" "$IMAGE_DIR/other/nodev" "$app_cfg" 1.0

  toolkit_cfg=$(runtime_config 65532 null "[\"/$APP_BIN_PATH\"]" | jq -c '.WorkingDir = "/app"')
  mkdir "$work/toolkit" && rootfs_toolkit "$work/toolkit"
  oci_image "$work/toolkit" "$IMAGE_DIR/chainguard/toolkit" "$toolkit_cfg" 1.0
  mkdir "$work/toolkit-dev" && rootfs_toolkit_dev "$work/toolkit-dev"
  oci_image "$work/toolkit-dev" "$IMAGE_DIR/chainguard/toolkit-dev" "$app_cfg" 1.0-dev

  mkdir -p "$work/pause" && install -m 755 "$(fixture_bin pause)" "$work/pause/pause"
  oci_image "$work/pause" "$IMAGE_DIR/pause" "$(runtime_config 65535:65535 null '["/pause"]')" "$PAUSE_TAG"
  rm -rf "$work"
}

skopeo_policy() {
  local f=$STATE_DIR/skopeo-policy.json
  [[ -f $f ]] || printf '{"default":[{"type":"insecureAcceptAnything"}]}\n' >"$f"
  echo "$f"
}

# push_images: every tag of every layout to REGISTRY, keeping the built digests. The -dev layout
# is pushed under the same repository name as the distroless one, as Chainguard publishes them.
push_images() {
  local policy layout tag repo
  policy=$(skopeo_policy)
  while read -r layout; do
    repo=${layout#"$IMAGE_DIR"/}
    repo=${repo%-dev}
    for tag in $(jq -r '.manifests[].annotations["org.opencontainers.image.ref.name"]' "$layout/index.json"); do
      skopeo --policy "$policy" copy --quiet --preserve-digests --dest-tls-verify=false \
        "oci:$layout:$tag" "docker://$REGISTRY/$repo:$tag" >>"$LOG_DIR/push.log" 2>&1 ||
        { tail -n 20 "$LOG_DIR/push.log" >&2; die "pushing $repo:$tag failed"; }
    done
  done < <(find "$IMAGE_DIR" -name oci-layout -printf '%h\n' | sort)
}

# image_digest LAYOUT TAG: the manifest digest the layout holds for TAG.
image_digest() {
  jq -r --arg t "$2" '.manifests[] | select(.annotations["org.opencontainers.image.ref.name"] == $t) | .digest' \
    "$IMAGE_DIR/$1/index.json"
}

# registry_digest REPO TAG: what the registry serves for REPO:TAG.
registry_digest() {
  curl -fsS -o /dev/null -w '%header{docker-content-digest}' \
    -H 'Accept: application/vnd.oci.image.manifest.v1+json' "http://$REGISTRY/v2/$1/manifests/$2"
}
