#!/usr/bin/env bash
# Installs the system tools the tests need from Debian: Chromium for Playwright (its own browser download
# is not reachable here) and jc for the differential parser tests. Idempotent; needs root or sudo.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v jc >/dev/null 2>&1 || need+=(jc)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
chromium --version
jc --version 2>/dev/null | head -1 || true
