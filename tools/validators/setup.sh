#!/usr/bin/env bash
# Installs the real third-party consumers the output-format tests validate against, once:
#   - Debian's chromium (headless: speedscope's importer, our SVG/HTML driven by puppeteer-core)
#   - Debian's golang-go (`go tool pprof`)
#   - the pinned npm tree in this folder (package.json + package-lock.json) into ./node_modules
# Idempotent: each step is skipped when its result is already present. Safe to run concurrently
# (a lock serialises runs). Needs root for apt-get (CI and the dev machine run as root).
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
exec 8>"$here/.setup.lock"
flock 8

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v go >/dev/null 2>&1 || missing+=(golang-go)
if ((${#missing[@]} > 0)); then
  echo "validators: apt-get install ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# npm ci only when the lock changed since the last install (or nothing is installed yet).
stamp="$here/node_modules/.pyflame-installed"
if [[ ! -f "$stamp" || "$here/package-lock.json" -nt "$stamp" ]]; then
  echo "validators: npm ci in $here" >&2
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >&2)
  touch "$stamp"
fi
