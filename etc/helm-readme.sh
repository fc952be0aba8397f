#!/usr/bin/env bash
# Regenerates the "Parameters" tables of helm/pulsegate/README.md from the "## @param" annotations in values.yaml,
# with the readme-generator pinned in etc/helm-readme/package-lock.json (installed here by npm ci on first use).
#   etc/helm-readme.sh          rewrite the README
#   etc/helm-readme.sh --check  fail when a value is undocumented or the README is stale (CI)
set -euo pipefail
cd "$(dirname "$0")/.."
tool=etc/helm-readme
readme=helm/pulsegate/README.md
[ -x "$tool/node_modules/.bin/readme-generator" ] || npm ci --prefix "$tool" --no-audit --no-fund --loglevel=error
gen() { "$tool/node_modules/.bin/readme-generator" -v helm/pulsegate/values.yaml -r "$1" >/dev/null; }

if [ "${1:-}" = --check ]; then
  tmp=$(mktemp)
  trap 'rm -f "$tmp"' EXIT
  cp "$readme" "$tmp"
  gen "$tmp"
  diff -u "$readme" "$tmp" || { echo "$readme is stale: run etc/helm-readme.sh" >&2; exit 1; }
  echo "chart README is current"
else
  gen "$readme"
fi
