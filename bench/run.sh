#!/usr/bin/env bash
# Builds the benchmarks and the CLI in Release and runs one benchmark; the last lines are
# `RESULT bench=NAME key=value ...`, one per variant.  Usage: bench/run.sh NAME
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:-}"
if [ -z "$name" ]; then
  echo "usage: bench/run.sh NAME   (benchmarks: validate, backends, approvals, api, memory, graphsize, triggers, scale, guards, cli)" >&2
  exit 1
fi
if [ "$name" = "backends" ] || [ "$name" = "scale" ]; then
  # The azure-storage variant (backends) and every scale variant run against Azurite on 127.0.0.1 (started if needed, left running).
  bash infra/local/azurite.sh >&2
fi
dotnet build -c Release -v q -nologo bench/AgentFlow.Bench/AgentFlow.Bench.csproj >/dev/null
if [ "$name" = "cli" ]; then
  # Start-up is timed on the published command as a user installs it: framework-dependent, linux-x64, ReadyToRun.
  dotnet publish -c Release -r linux-x64 --self-contained false -v q -nologo src/AgentFlow.Cli/AgentFlow.Cli.csproj \
    -o bench/AgentFlow.Bench/bin/cli-publish >/dev/null
  exec dotnet bench/AgentFlow.Bench/bin/Release/net10.0/AgentFlow.Bench.dll cli bench/AgentFlow.Bench/bin/cli-publish/agentflow
fi
dotnet build -c Release -v q -nologo src/AgentFlow.Cli/AgentFlow.Cli.csproj >/dev/null
exec dotnet bench/AgentFlow.Bench/bin/Release/net10.0/AgentFlow.Bench.dll "$name" src/AgentFlow.Cli/bin/Release/net10.0/agentflow.dll
