#!/usr/bin/env bash
# Compiles and lints the Bicep templates in infra/azure with the Bicep CLI restored from NuGet
# (Azure.Bicep.CommandLine.linux-x64, through tools/BicepCli.csproj). Works offline once the package is cached.
# Exits non-zero, naming the step, when restore, build, lint or build-params fails or lint reports anything.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
version=0.49.2

fail() { echo "infra: $*" >&2; exit 1; }

dotnet restore "$here/tools/BicepCli.csproj" --verbosity quiet >/dev/null \
  || fail "restoring the Bicep CLI (dotnet restore infra/azure/tools/BicepCli.csproj) failed"

packages="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
bicep="$packages/azure.bicep.commandline.linux-x64/$version/tools/bicep"
[ -f "$bicep" ] || fail "the Bicep CLI is not at $bicep after restore"
[ -x "$bicep" ] || chmod +x "$bicep" || fail "cannot set the run bit on $bicep"

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

"$bicep" build "$here/main.bicep" --outdir "$out" || fail "bicep build infra/azure/main.bicep failed (errors above)"

# Lint exits non-zero on errors only; a warning also fails the check, so the templates stay lint-clean.
lint=$("$bicep" lint "$here/main.bicep" 2>&1)
status=$?
[ -n "$lint" ] && echo "$lint" >&2
[ "$status" -eq 0 ] || fail "bicep lint infra/azure/main.bicep failed (errors above)"
[ -z "$lint" ] || fail "bicep lint infra/azure/main.bicep reported warnings (above); fix them"

# dev.bicepparam reads the audit key from the deploying shell; a throwaway one is enough to compile it.
AGENTFLOW_AUDIT_KEY="${AGENTFLOW_AUDIT_KEY:-$(head -c 32 /dev/urandom | base64)}" \
  "$bicep" build-params "$here/dev.bicepparam" --outdir "$out" || fail "bicep build-params infra/azure/dev.bicepparam failed (errors above)"

echo "infra: main.bicep and dev.bicepparam compile and lint clean (bicep $version)"
