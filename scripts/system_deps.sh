#!/usr/bin/env bash
# Install (as root) or name (otherwise) the system packages Valmo needs.
#   scripts/system_deps.sh pdf          Pango/HarfBuzz and a font for WeasyPrint
#   scripts/system_deps.sh pdf browser  ... and Chromium for the browser tests
#   scripts/system_deps.sh web          Node.js and npm for the front-end build (npm ci)
#   scripts/system_deps.sh pgclient     pg_dump and pg_restore (the schema backup round trip test)
set -euo pipefail
want=("$@")
[ ${#want[@]} -eq 0 ] && want=(pdf)

missing_deb=()
missing_brew=()
# grep reads the whole list: with -q it would stop early, and ldconfig's SIGPIPE fails the
# pipeline under pipefail.
have_lib() { ldconfig -p 2>/dev/null | grep -F "$1" >/dev/null; }
for w in "${want[@]}"; do
  case "$w" in
    pdf)
      if [ "$(uname)" = "Darwin" ]; then
        command -v pango-view >/dev/null 2>&1 || [ -e /opt/homebrew/lib/libpango-1.0.dylib ] || \
          [ -e /usr/local/lib/libpango-1.0.dylib ] || missing_brew+=(pango)
      else
        have_lib libpango-1.0.so.0 || missing_deb+=(libpango-1.0-0)
        have_lib libpangoft2-1.0.so.0 || missing_deb+=(libpangoft2-1.0-0)
        have_lib libharfbuzz-subset.so.0 || missing_deb+=(libharfbuzz-subset0)
        { command -v fc-list >/dev/null && fc-list | grep -qi dejavu; } || missing_deb+=(fonts-dejavu-core)
      fi
      ;;
    browser)
      if [ "$(uname)" = "Darwin" ]; then
        [ -x "/Applications/Chromium.app/Contents/MacOS/Chromium" ] || command -v chromium >/dev/null 2>&1 \
          || missing_brew+=(--cask chromium)
      else
        command -v chromium >/dev/null 2>&1 || missing_deb+=(chromium)
      fi
      ;;
    web)
      if [ "$(uname)" = "Darwin" ]; then
        { command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; } || missing_brew+=(node)
      else
        command -v node >/dev/null 2>&1 || missing_deb+=(nodejs)
        command -v npm >/dev/null 2>&1 || missing_deb+=(npm)
      fi
      ;;
    pgclient)
      if [ "$(uname)" = "Darwin" ]; then
        { command -v pg_dump >/dev/null 2>&1 && command -v pg_restore >/dev/null 2>&1; } \
          || missing_brew+=(libpq)
      else
        { command -v pg_dump >/dev/null 2>&1 && command -v pg_restore >/dev/null 2>&1; } \
          || missing_deb+=(postgresql-client)
      fi
      ;;
    *) echo "unknown dependency group: $w" >&2; exit 2 ;;
  esac
done

if [ ${#missing_brew[@]} -gt 0 ]; then
  echo "Missing system packages. Install them with: brew install ${missing_brew[*]}" >&2
  exit 1
fi
[ ${#missing_deb[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages: ${missing_deb[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing_deb[@]}" >/dev/null
else
  echo "Missing system packages: ${missing_deb[*]}" >&2
  echo "Install them with: sudo apt-get install -y ${missing_deb[*]}" >&2
  exit 1
fi
