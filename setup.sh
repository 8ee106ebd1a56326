#!/usr/bin/env bash
# setup.sh — everything Neurona needs on a fresh Debian 12 machine (run as root, or with
# sudo available): build tools and libraries, the test tools, the full datasets, a build.
#
#   ./setup.sh            install what is missing, fetch the full datasets, build
#   ./setup.sh --no-data  the same without fetching the full datasets
#
# Extra meson options can be given in NEURONA_MESON_ARGS (CI passes -Dwerror=true).
set -euo pipefail
cd "$(dirname "$0")"

fetch_data=1
for arg in "$@"; do
  case "$arg" in
    --no-data) fetch_data=0 ;;
    *) echo "setup.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

packages=(
  gcc pkg-config meson ninja-build git
  libglib2.0-dev libgtk-4-dev zlib1g-dev libopenblas-dev
  xvfb xauth dbus at-spi2-core imagemagick xdotool python3-pyatspi gir1.2-atspi-2.0
  desktop-file-utils npm gettext python3 fonts-dejavu-core
)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm may come from elsewhere than Debian (e.g. a Node.js install); don't fight it.
if command -v npm >/dev/null 2>&1; then
  missing=("${missing[@]/npm}")
fi
missing=($(printf '%s\n' "${missing[@]}" | sed '/^$/d'))
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ "$fetch_data" -eq 1 ]; then
  bash data/fetch-full.sh
fi

if [ ! -f build/build.ninja ]; then
  meson setup build ${NEURONA_MESON_ARGS:-} >/dev/null
elif [ -n "${NEURONA_MESON_ARGS:-}" ]; then
  meson configure build ${NEURONA_MESON_ARGS} >/dev/null
fi
ninja -C build
