#!/usr/bin/env bash
# Installs the system tools the tests need from Debian: Chromium for Playwright (its own browser download is not
# reachable here) and jc for the differential parser tests. `npm test` runs it first (pretest), so the README's test
# command works on a fresh Debian machine; .ci/run runs it too. Idempotent: when both are there it only prints their
# versions. Installing needs root or sudo; without either it names exactly what is missing and how to install it.
set -euo pipefail
chromium_bin="${CHROMIUM_PATH:-/usr/bin/chromium}"
need=()
[ -x "$chromium_bin" ] || need+=(chromium)
command -v jc >/dev/null 2>&1 || need+=(jc)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo"
    else
      echo "provision: missing ${need[*]} (Debian packages: ${need[*]}), needed by npm test; install them with:" >&2
      echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${need[*]}" >&2
      echo "or run 'bash scripts/provision.sh' as root. (Playwright drives Debian's chromium at \$CHROMIUM_PATH, default /usr/bin/chromium.)" >&2
      exit 1
    fi
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "provision: missing ${need[*]} and no apt-get to install them: install ${need[*]} with this system's package manager" >&2
    exit 1
  fi
  echo "provision: installing ${need[*]} from Debian"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
missing=()
[ -x "$chromium_bin" ] || missing+=("chromium at $chromium_bin")
command -v jc >/dev/null 2>&1 || missing+=(jc)
if [ ${#missing[@]} -gt 0 ]; then echo "provision: still missing after installing: ${missing[*]}" >&2; exit 1; fi
echo "provision: $("$chromium_bin" --version 2>/dev/null | head -1); $(jc --version 2>/dev/null | head -1 | tr -s ' ')"
