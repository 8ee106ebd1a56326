#!/usr/bin/env bash
# run-tests.sh — every test suite (core and UI) under a virtual X server, then one line
# "N passed, N failed" counted from the individual test cases.
set -uo pipefail
cd "$(dirname "$0")"

ninja -C build >/dev/null || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }

xvfb-run -a -s "-screen 0 1280x1024x24" \
  meson test -C build --print-errorlogs "$@"
status=$?

python3 - build/meson-logs/testlog.json <<'PY'
import json, re, sys
passed = failed = skipped = 0
for line in open(sys.argv[1]):
    t = json.loads(line)
    out = t.get("stdout") or ""
    cases = re.findall(r"^(ok|not ok) \d+", out, re.M)
    if cases:
        for c in cases:
            if c == "ok":
                passed += 1
            else:
                failed += 1
        skipped += len(re.findall(r"^ok \d+ .*# SKIP", out, re.M))
        passed -= len(re.findall(r"^ok \d+ .*# SKIP", out, re.M))
        if t["result"] not in ("OK", "EXPECTEDFAIL", "SKIP") and not "not ok" in out:
            failed += 1   # crashed or timed out after its last reported case
    elif t["result"] in ("OK", "EXPECTEDFAIL"):
        passed += 1
    elif t["result"] == "SKIP":
        skipped += 1
    else:
        failed += 1
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
