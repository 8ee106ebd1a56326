#!/usr/bin/env bash
# check-complete.sh SOURCE_ROOT LANG... — every string the sources mark for translation
# (the files in data/po/POTFILES, extracted as `meson compile neurona-pot` does) has a
# translation in data/po/<lang>.po that is neither missing, empty nor fuzzy. TAP output,
# one case per language; a failure lists the untranslated strings.
#
# To fix a failure: `meson compile -C build neurona-update-po`, translate the new entries,
# then `msgfmt --check --check-accelerators=_ data/po/<lang>.po`.
set -uo pipefail
root=$1
shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if ! xgettext --from-code=UTF-8 -D "$root" -f "$root/data/po/POTFILES" -o "$tmp/neurona.pot" \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dcgettext:2 \
  --keyword=g_dngettext:2,3 --keyword=g_dgettext:2 --keyword=g_dpgettext2:2c,3 --keyword=ngettext:1,2 2>"$tmp/err"; then
  echo "Bail out! xgettext failed: $(cat "$tmp/err")"
  exit 1
fi

echo "1..$#"
n=0
status=0
for lang in "$@"; do
  n=$((n + 1))
  if out=$(msgcmp "$root/data/po/$lang.po" "$tmp/neurona.pot" 2>&1); then
    echo "ok $n /i18n/$lang/every-string-translated"
  else
    echo "not ok $n /i18n/$lang/every-string-translated"
    echo "$out" | sed 's/^/# /'
    status=1
  fi
done
exit $status
