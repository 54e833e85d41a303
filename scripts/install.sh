#!/usr/bin/env bash
# Install Valmo's Python dependencies into .venv from the committed lock file (uv.lock).
#   scripts/install.sh run    runtime dependencies only (make run)
#   scripts/install.sh test   runtime and test dependencies (make test), and checkov (scripts/checkov.sh)
#   scripts/install.sh bench  runtime, test and load-test (locust) dependencies (make bench)
#   scripts/install.sh lock   update uv.lock after a change to pyproject.toml (make lock)
# Nothing is done when .venv already matches uv.lock. uv itself comes from PyPI into var/tools/,
# so it need not be installed beforehand; only Python 3.11+ (with pip or venv) is needed.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-run}
PYTHON=${PYTHON:-python3}
UV_VERSION=0.13.9
tools="var/tools/uv-$UV_VERSION"
stamp_run=.venv/.valmo-installed-run
stamp_test=.venv/.valmo-installed-test

case "$mode" in run|test|bench|lock) ;; *) echo "usage: $0 run|test|bench|lock" >&2; exit 2 ;; esac
stamp_bench=.venv/.valmo-installed-bench
current() { [ -f "$1" ] && [ "$1" -nt uv.lock ] && [ "$1" -nt pyproject.toml ] && [ -x .venv/bin/python ]; }
# `make test` also checks the infrastructure code with checkov, which lives in a virtualenv of
# its own (scripts/checkov.sh; a stamp makes this a no-op once installed).
checkov_install() { [ "$mode" != test ] || bash scripts/checkov.sh install; }
if { [ "$mode" = bench ] && current "$stamp_bench"; } \
  || { [ "$mode" != bench ] && current "$stamp_test"; } \
  || { [ "$mode" = run ] && current "$stamp_run"; }; then
  echo "==> install: up to date (.venv matches uv.lock)"
  checkov_install
  exit 0
fi

# Python 3.11 or newer, with a message that says what to do.
if ! command -v "$PYTHON" >/dev/null 2>&1; then
  echo "Valmo needs Python 3.11 or newer, but '$PYTHON' was not found." >&2
  echo "Install Python 3.11+ and run again, or name it: make run PYTHON=python3.12" >&2
  exit 1
fi
"$PYTHON" -c '
import sys
if sys.version_info < (3, 11):
    sys.exit("Valmo needs Python 3.11 or newer; %s is Python %s.\nInstall Python 3.11+ and "
             "name it, for example: make run PYTHON=python3.12" % (sys.executable, sys.version.split()[0]))
'

uv=""
for candidate in "$tools/bin/uv" "$tools/venv/bin/uv"; do
  [ -x "$candidate" ] && uv=$candidate && break
done
if [ -z "$uv" ]; then
  echo "==> install: uv $UV_VERSION from PyPI into $tools"
  rm -rf "$tools.tmp"
  mkdir -p var/tools
  # pip's notes about configured index locations that lack uv are noise here.
  quiet_pip() { "$@" 2> >(grep -v "is neither a file nor a directory" >&2); }
  if "$PYTHON" -m pip --version >/dev/null 2>&1; then
    quiet_pip "$PYTHON" -m pip install --quiet --disable-pip-version-check \
      --root-user-action=ignore --no-warn-script-location --target "$tools.tmp" "uv==$UV_VERSION"
  elif "$PYTHON" -m venv "$tools.tmp/venv" >/dev/null 2>&1; then
    quiet_pip "$tools.tmp/venv/bin/python" -m pip install --quiet --disable-pip-version-check \
      "uv==$UV_VERSION"
  else
    echo "$PYTHON has neither pip nor venv. Install one of them, then run again:" >&2
    echo "  Debian/Ubuntu: sudo apt-get install -y python3-venv" >&2
    exit 1
  fi
  rm -rf "$tools"
  mv "$tools.tmp" "$tools"
  for candidate in "$tools/bin/uv" "$tools/venv/bin/uv"; do
    [ -x "$candidate" ] && uv=$candidate && break
  done
fi

# --locked: install exactly what uv.lock says, and stop if pyproject.toml asks for something the
# lock does not have (`make lock` updates it; this check needs no network).
# `make run` adds nothing it does not need but leaves test packages a `make test` installed
# (--inexact); `make test` makes .venv match the lock with the dev extra exactly.
export UV_PYTHON_DOWNLOADS=never  # use the Python checked above, never download one
if [ "$mode" = lock ]; then
  exec "$uv" lock --python "$PYTHON"
fi
args=(sync --locked --quiet --python "$PYTHON")
if [ "$mode" = test ]; then
  echo "==> install: runtime and test dependencies from uv.lock into .venv"
  args+=(--extra dev)
elif [ "$mode" = bench ]; then
  echo "==> install: runtime, test and load-test dependencies from uv.lock into .venv"
  args+=(--extra dev --extra bench --inexact)
else
  echo "==> install: runtime dependencies from uv.lock into .venv"
  args+=(--inexact)
fi
if ! "$uv" "${args[@]}"; then
  echo "Installing from uv.lock failed. If pyproject.toml changed, run 'make lock' and commit uv.lock." >&2
  exit 1
fi
touch "$stamp_run"
[ "$mode" = test ] && touch "$stamp_test"
[ "$mode" = bench ] && touch "$stamp_test" "$stamp_bench"
checkov_install
exit 0
