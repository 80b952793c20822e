#!/usr/bin/env bash
# Re-extract the UI strings into app/locale/messages.pot and merge them into the
# Swedish catalog app/locale/sv/LC_MESSAGES/messages.po (created on the first run).
#
#   scripts/update_catalog.sh
#
# Then translate every new or fuzzy entry in the .po file (remove the "#, fuzzy"
# flag once checked) and run: python -m pytest tests/web/test_i18n.py
# Safe to run repeatedly: when no string has changed, neither file changes.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

# The project's virtualenv if there is one, else whatever python3 is on PATH.
if [[ -x .venv/bin/python ]]; then
    python=.venv/bin/python
else
    python=python3
fi
pybabel=("$python" -m babel.messages.frontend --quiet)

pot=app/locale/messages.pot
po=app/locale/sv/LC_MESSAGES/messages.po

tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

"${pybabel[@]}" extract \
    -F babel.cfg \
    -k _ -k gettext -k ngettext:1,2 -k N_ \
    --add-comments=Translators: \
    --sort-output \
    --project=Klusterfas \
    --copyright-holder=Klusterfas \
    -o "$tmp" \
    .

# Keep the old file (and its POT-Creation-Date) when nothing but the date changed,
# so that re-running the script leaves no diff behind.
same_apart_from_date() {
    [[ -f "$1" ]] && cmp -s <(grep -v '^"POT-Creation-Date: ' "$1") \
        <(grep -v '^"POT-Creation-Date: ' "$2")
}
if ! same_apart_from_date "$pot" "$tmp"; then
    cp "$tmp" "$pot"
    echo "updated $pot"
fi

if [[ -f "$po" ]]; then
    "${pybabel[@]}" update -i "$pot" -d app/locale -l sv \
        --no-fuzzy-matching --ignore-pot-creation-date
else
    "${pybabel[@]}" init -i "$pot" -d app/locale -l sv
fi

untranslated=$("$python" - "$po" 2>/dev/null <<'PY' || true
import sys
from babel.messages.pofile import read_po
with open(sys.argv[1], "rb") as handle:
    catalog = read_po(handle)
for message in catalog:
    if not message.id:
        continue
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    if message.fuzzy or not all(strings):
        print(message.id[0] if isinstance(message.id, tuple) else message.id)
PY
)
if [[ -n "$untranslated" ]]; then
    echo "Needs a Swedish translation in $po:"
    sed 's/^/  /' <<<"$untranslated"
fi
