#!/bin/bash
# run-e2e.sh NEURONA-BINARY [DATA-DIR]
#
# Runs the end-to-end test (tests/e2e/student.py): the real Neurona window driven from
# outside through the accessibility bus, as a screen reader or a student would use it.
#
# It starts, privately and only for this run: a D-Bus session (dbus-run-session), an X
# server (xvfb-run, 1280 × 1024), the AT-SPI bus (activated by the app through D-Bus,
# with its socket in a private XDG_RUNTIME_DIR so parallel runs never share or delete
# each other's bus), then the app, then the driver. Output is TAP.
#
# Data: only the committed subset (DATA-DIR/subset, DATA-DIR defaulting to
# $NEURONA_PROJECT_DATA_DIR, then the source tree's data/). A fetched full set in
# data/full and Debian's /usr/share/datasets are hidden from the app, so the run is the
# same on every machine.
#
# Screenshots go to $NEURONA_SCREENSHOT_DIR (default: /tmp/neurona-e2e-shots).
set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if [ "${NEURONA_E2E_INNER:-}" != 1 ]; then
  if [ $# -lt 1 ]; then
    echo "usage: $0 NEURONA-BINARY [DATA-DIR]" >&2
    exit 2
  fi
  for tool in dbus-run-session xvfb-run xdotool import; do
    if ! command -v "$tool" >/dev/null; then
      echo "1..0 # SKIP $tool is not installed"
      exit 0
    fi
  done
  if ! /usr/bin/python3 -c 'import pyatspi' 2>/dev/null; then
    echo "1..0 # SKIP python3-pyatspi is not installed"
    exit 0
  fi
  export NEURONA_E2E_INNER=1
  # Services D-Bus starts (the AT-SPI registry says "SpiRegistry daemon is running…")
  # write to the session's stdout: send that to stderr and keep the real stdout on fd 3
  # for the TAP lines.
  exec 3>&1
  exec dbus-run-session -- xvfb-run -a -s "-screen 0 1280x1024x24" "$0" "$@" 1>&2
fi
if [ -e /proc/self/fd/3 ]; then
  exec 1>&3 3>&-
fi

app_bin=$1
src_data=${2:-${NEURONA_PROJECT_DATA_DIR:-$here/../../data}}

work=$(mktemp -d /tmp/neurona-e2e.XXXXXX)
chmod 700 "$work"
app_pid=
cleanup() {
  if [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null; then
    kill "$app_pid" 2>/dev/null
    wait "$app_pid" 2>/dev/null
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# A project data folder holding only the committed subset.
mkdir -p "$work/data"
ln -s "$(cd "$src_data" && pwd)/subset" "$work/data/subset"
export NEURONA_PROJECT_DATA_DIR="$work/data"
export NEURONA_SYSTEM_DATA_DIR=/nonexistent
export NEURONA_RUNS_DIR="$work/runs"   # its own, empty: never the shared test folder
unset NEURONA_DATA_DIR NEURONA_TRAIN_LIMIT NEURONA_TEST_LIMIT

# Accessibility must be on: no GTK_A11Y=none, no NO_AT_BRIDGE.
unset GTK_A11Y NO_AT_BRIDGE
export XDG_RUNTIME_DIR="$work/run"
mkdir -m 700 "$XDG_RUNTIME_DIR"
export GSK_RENDERER=cairo
export GDK_BACKEND=x11
export LANG=C.UTF-8 LANGUAGE=
export NEURONA_SCREENSHOT_DIR=${NEURONA_SCREENSHOT_DIR:-/tmp/neurona-e2e-shots}
mkdir -p "$NEURONA_SCREENSHOT_DIR"

export NEURONA_E2E_STATUS_FILE="$work/app-status"
(
  "$app_bin" >"$work/app.log" 2>&1
  echo $? >"$NEURONA_E2E_STATUS_FILE.tmp"
  mv "$NEURONA_E2E_STATUS_FILE.tmp" "$NEURONA_E2E_STATUS_FILE"
) &
launcher=$!
# The app itself is the launcher subshell's only child.
for _ in $(seq 50); do
  app_pid=$(pgrep -P "$launcher" | head -1)
  [ -n "$app_pid" ] && break
  sleep 0.1
done
export NEURONA_E2E_APP_PID=${app_pid:-0}

/usr/bin/python3 "$here/student.py"
rc=$?

if [ -s "$work/app.log" ]; then
  echo "# app log (stderr/stdout of $app_bin):"
  sed 's/^/#   /' "$work/app.log" | head -40
fi
# The driver closes the window itself; if it could not, end the app here.
if [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null; then
  kill "$app_pid" 2>/dev/null
fi
wait "$launcher" 2>/dev/null
exit $rc
