#!/usr/bin/env bash
# checkov in its own virtualenv (its dependencies clash with Valmo's), pinned by
# infra/checkov/requirements.txt and kept under var/tools/checkov-<hash of that file>/.
#   scripts/checkov.sh install   create the venv once (scripts/install.sh test calls this)
#   scripts/checkov.sh run       check infra/terraform and the Dockerfile; fails on any failed check
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-run}
PYTHON=${PYTHON:-python3}
requirements=infra/checkov/requirements.txt
hash=$({ sha256sum "$requirements" 2>/dev/null || shasum -a 256 "$requirements"; } | cut -c1-12)
venv="var/tools/checkov-$hash"
stamp="$venv/.valmo-installed"

install() {
  [ -f "$stamp" ] && return 0
  echo "==> checkov: a virtualenv of its own in $venv"
  rm -rf "$venv"
  mkdir -p var/tools
  uv=$(ls var/tools/uv-*/bin/uv var/tools/uv-*/venv/bin/uv 2>/dev/null | head -n1 || true)
  started=$(date +%s)
  # The stamp is written last: an interrupted install is redone from scratch next time.
  if [ -n "$uv" ]; then
    UV_PYTHON_DOWNLOADS=never "$uv" venv --quiet --python "$PYTHON" "$venv"
    "$uv" pip install --quiet --python "$venv/bin/python" --no-deps -r "$requirements"
  else
    "$PYTHON" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -r "$requirements"
  fi
  # Older venvs of a previous requirements file.
  for old in var/tools/checkov-*; do [ "$old" = "$venv" ] || rm -rf "$old"; done
  touch "$stamp"
  echo "==> checkov: installed in $(( $(date +%s) - started )) s"
}

case "$mode" in
  install) install ;;
  run)
    install
    # Two runs: given a directory and a file together, checkov scans only the directory.
    "$venv/bin/checkov" --config-file infra/checkov/config.yaml -d infra/terraform
    "$venv/bin/checkov" --config-file infra/checkov/config.yaml -f Dockerfile
    ;;
  path) echo "$venv/bin/checkov" ;;
  *) echo "usage: $0 install|run|path" >&2; exit 2 ;;
esac
