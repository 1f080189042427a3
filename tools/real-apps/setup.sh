#!/usr/bin/env bash
# Installs the real applications the completeness tests profile (tests/targets/real_code.py): Debian's pylint,
# sphinx and mercurial, and CPython's own test modules for Debian's python3.11 and, inside the Debian sid root
# (tools/debian-root/ensure sid, run first), for its 3.13-3.15 (the pyenv builds ship theirs).
# Idempotent; needs root for apt-get.
set -euo pipefail
packages=(pylint python3-sphinx mercurial libpython3.11-testsuite)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]} > 0)); then
  echo "real-apps: apt-get install ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

root="$(dirname "$(readlink -f "$0")")/../debian-root/ensure"
sid="$("$root" sid)"
suites=(libpython3.13-testsuite libpython3.14-testsuite libpython3.15-testsuite)
installed="$(chroot "$sid" dpkg-query -W -f='${Status}\n' "${suites[@]}" 2>/dev/null | grep -c "install ok installed" || true)"
[[ "$installed" == "${#suites[@]}" ]] && exit 0
echo "real-apps: apt-get install ${suites[*]} in $sid" >&2
chroot "$sid" sh -c "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${suites[*]}" >&2
