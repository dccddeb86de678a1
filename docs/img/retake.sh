#!/usr/bin/env bash
# Retakes the README screenshots from the real window under Xvfb (needs xvfb, xdotool,
# imagemagick and fonts-noto-color-emoji): DISPLAY_NUM=30 docs/img/retake.sh
# Coordinates assume the window's default 1360×860 size on a 1400×900 screen.
set -euo pipefail
cd "$(dirname "$0")/../.."
D=":${DISPLAY_NUM:-30}"
OUT=docs/img
TMP=$(mktemp -d)
trap 'kill $GUI 2>/dev/null || true; [ -n "${XVFB:-}" ] && kill $XVFB; rm -rf "$TMP"' EXIT
go build -tags migrated_fynedo -o "$TMP/gloss" .
if ! xdpyinfo -display "$D" >/dev/null 2>&1; then
  Xvfb "$D" -screen 0 1400x900x24 -nolisten tcp & XVFB=$!
  sleep 1
fi
export DISPLAY=$D HOME=$TMP/home XDG_CONFIG_HOME=$TMP/home/.config XDG_DATA_HOME=$TMP/home/.local/share \
  XDG_CACHE_HOME=$TMP/home/.cache LANG=en_US.UTF-8
PREFS=$XDG_CONFIG_HOME/fyne/app.gloss.workbench
mkdir -p "$PREFS"
WS=$TMP/ws
G() { "$TMP/gloss" --workspace "$WS" "$@"; }
start() { echo "$1" > "$PREFS/preferences.json"; "$TMP/gloss" --workspace "$WS" >"$TMP/log" 2>&1 & GUI=$!; sleep 9; }
quit() { xdotool key ctrl+q; wait $GUI || true; }
shot() { sleep "${2:-1}"; import -window root "$OUT/$1"; echo "took $OUT/$1"; }

# A new workspace gets the sample articles; an emoji-rich wire report joins them.
start '{}'; quit
cat > "$TMP/wire.txt" <<'TXT'
⚡️ Power cuts across Kharkiv after overnight strikes 🇺🇦
KYIV, Nov 27, 2025 (Reuters) - Drones hit two substations overnight 🔥, leaving 👨‍👩‍👧 families without heating as frost set in. Officials said repairs would take "at least three days" 🧐.
Residents of Харків queued for water at mobile points; volunteers handed out thermoses ☕ and power banks 🔋.
TXT
ID=$(G import "$TMP/wire.txt" | cut -f1)
G article edit "$ID" --title "⚡️ Power cuts across Kharkiv after overnight strikes 🇺🇦" --source Reuters --published 2025-11-27 >/dev/null
G annotate "$ID" --quote "Drones hit two substations overnight 🔥" --tag "Energy attacks" --note "Second wave this week" >/dev/null
G annotate "$ID" --quote "families without heating" --tag "Civilians & humanitarian" >/dev/null
G annotate "$ID" --quote "at least three days\" 🧐" --tag "Claims & disinformation" >/dev/null

# Dark, coding stripes on, a tip on a highlight of the emoji article.
start '{"theme":"dark","coding-stripes":true}'
xdotool mousemove 150 210 click 1; sleep 1
xdotool mousemove 700 228; sleep 0.3; xdotool mousemove 705 231
shot workbench.png 1.5
quit

# Light: the sample article about security guarantees, an annotation open.
start '{"theme":"light"}'
xdotool mousemove 150 430 click 1; sleep 1
xdotool mousemove 600 358 click 1
shot workbench-light.png 1.5
# Search, with facets.
xdotool key ctrl+f; sleep 0.5; xdotool type --delay 60 'heating'
shot search.png 2
# Overview of everything (the search box emptied).
xdotool key ctrl+a BackSpace; sleep 1.5
xdotool key ctrl+shift+2
shot overview.png 3
# The codebook window.
xdotool key ctrl+shift+1; sleep 0.3; xdotool key ctrl+k; sleep 2
import -window "$(xdotool search --name 'Codebook' | tail -1)" "$OUT/codebook.png"; echo "took $OUT/codebook.png"
quit
