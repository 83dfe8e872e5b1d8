#!/usr/bin/env bash
# Prepare a container engine for the container smoke test (tests/test_container.py).
#
# Where a Docker engine answers, there is nothing to do. Otherwise install Debian's
# podman (rootful, runc, cgroupfs, file events: what works on a VM without systemd) and
# build a local base image, since no container registry is reachable here: a Debian
# bookworm minbase made with debootstrap, with Python 3.11 and venv, imported into
# podman. The image is tagged by a hash of its recipe, so later runs on the same
# machine reuse it. Idempotent; run as root. Prints the base image name on its last line.
set -euo pipefail

SUITE=bookworm
BASE_PACKAGES=python3,python3-venv,ca-certificates
BASE_REPO=localhost/gradviz-base
CONF=/etc/containers/containers.conf
MARKER="# gradviz: written by .ci/podman-setup.sh"

log() { echo "podman-setup: $*" >&2; }

if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
    log "a Docker engine answers; the smoke test uses it with the default base image"
    exit 0
fi

missing=()
command -v podman >/dev/null 2>&1 || missing+=(podman)
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
command -v runc >/dev/null 2>&1 || missing+=(runc)
command -v newuidmap >/dev/null 2>&1 || missing+=(uidmap)
if ((${#missing[@]})); then
    log "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        podman debootstrap runc uidmap >/dev/null
fi

# Without systemd there is no systemd cgroup manager nor journald; the ulimits keep
# the container's defaults sane whatever the host's are.
if ! grep -qF "$MARKER" "$CONF" 2>/dev/null; then
    mkdir -p "$(dirname "$CONF")"
    if [[ -e $CONF ]]; then
        cp "$CONF" "$CONF.before-gradviz"
    fi
    cat >"$CONF" <<CONF
$MARKER
[containers]
default_ulimits = ["nofile=4096:4096", "nproc=4096:4096"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
    log "wrote $CONF"
fi

# The first Debian mirror named in the host's apt sources (one-line or deb822 form);
# debootstrap's own default mirror when there is none.
host_mirror() {
    local files=(/etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources)
    local file
    for file in "${files[@]}"; do
        [[ -r $file ]] || continue
        awk '
            /^[[:space:]]*deb[[:space:]]/ {
                for (i = 2; i <= NF; i++) if ($i ~ /^https?:\/\//) { print $i; exit }
            }
            /^URIs:/ { print $2; exit }
        ' "$file" | grep -E '/debian/?$' | head -n 1 && return 0
    done
    return 0
}

recipe_hash=$(printf '%s\n' "$SUITE" "$BASE_PACKAGES" "minbase" "v1" | sha256sum | cut -c1-12)
BASE_IMAGE="$BASE_REPO:$SUITE-$recipe_hash"

if podman image exists "$BASE_IMAGE"; then
    log "base image $BASE_IMAGE is cached"
else
    mirror=$(host_mirror)
    rootfs=$(mktemp -d /var/tmp/gradviz-rootfs.XXXXXX)
    trap 'rm -rf "$rootfs"' EXIT
    log "debootstrap $SUITE into $rootfs (${mirror:-debootstrap default mirror})"
    debootstrap --variant=minbase --include="$BASE_PACKAGES" "$SUITE" "$rootfs" \
        ${mirror:+"$mirror"} >/dev/null
    # Nothing of the build's downloads belongs in the image.
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
        "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/var/log/*.log
    tar --numeric-owner -C "$rootfs" -c . | podman import --quiet \
        --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        --change 'ENV LANG=C.UTF-8' \
        --change 'CMD ["/bin/bash"]' \
        - "$BASE_IMAGE" >/dev/null
    log "imported $BASE_IMAGE"
    # Older recipes of the base are superseded.
    podman images --format '{{.Repository}}:{{.Tag}}' |
        grep -E "^$BASE_REPO:" | grep -vxF "$BASE_IMAGE" |
        xargs -r podman rmi --force >/dev/null 2>&1 || true
fi

echo "$BASE_IMAGE"
