#!/usr/bin/env bash
# Local Azure Storage emulator for the azure-storage backend (DESIGN.md §3).
#
#   infra/local/azurite.sh          install Azurite if missing, start it on 127.0.0.1 (blob 10000, queue 10001,
#                                   table 10002) in the background and wait until it answers
#   infra/local/azurite.sh stop     stop the Azurite this script started
#
# Environment: AZURITE_DATA (data folder, default .agentflow/azurite under the repository root),
#              AZURITE_WAIT (seconds to wait for the ports, default 60).
# Needs node + npm; installs only from the npm registry, into infra/local/.azurite (gitignored).
set -euo pipefail

# 3.35.0 is the newest release whose package.json accepts Node 20 (3.36 wants Node >= 21, 3.37 Node >= 22).
AZURITE_VERSION=3.35.0
HOST=127.0.0.1
PORTS=(10000 10001 10002)

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
state_dir="$here/.azurite"
pid_file="$state_dir/azurite.pid"
log_file="$state_dir/azurite.log"
bin="$state_dir/node_modules/.bin/azurite"
data_dir="${AZURITE_DATA:-$root/.agentflow/azurite}"
wait_seconds="${AZURITE_WAIT:-60}"

fail() { echo "azurite: $*" >&2; exit 1; }

port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/$HOST/$1" 2>/dev/null; }

closed_ports() {
  local p closed=()
  for p in "${PORTS[@]}"; do port_open "$p" || closed+=("$p"); done
  echo "${closed[*]}"
}

running_pid() {
  local pid
  [[ -f "$pid_file" ]] || return 1
  pid="$(cat "$pid_file")"
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && grep -qa azurite "/proc/$pid/cmdline" 2>/dev/null \
    && echo "$pid"
}

show_log_tail() {
  [[ -s "$log_file" ]] && { echo "azurite: last lines of $log_file:" >&2; tail -n 20 "$log_file" >&2; }
  return 0
}

stop() {
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$pid_file"
    echo "azurite: not running (no live process in $pid_file)"
    return 0
  fi
  kill "$pid"
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  rm -f "$pid_file"
  echo "azurite: stopped (pid $pid)"
}

install_azurite() {
  local installed
  installed="$(node -p 'require(process.argv[1]).version' "$state_dir/node_modules/azurite/package.json" 2>/dev/null || true)"
  if [[ -x "$bin" && "$installed" == "$AZURITE_VERSION" ]]; then
    return 0
  fi
  command -v npm >/dev/null 2>&1 || fail "npm is required to install Azurite but is not on PATH"
  echo "azurite: installing azurite@$AZURITE_VERSION from npm into $state_dir"
  mkdir -p "$state_dir"
  npm install --prefix "$state_dir" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
    "azurite@$AZURITE_VERSION" >"$state_dir/npm-install.log" 2>&1 \
    || { tail -n 20 "$state_dir/npm-install.log" >&2; fail "npm install azurite@$AZURITE_VERSION failed (log: $state_dir/npm-install.log)"; }
  [[ -x "$bin" ]] || fail "npm install finished but $bin is missing"
}

start() {
  local closed pid
  closed="$(closed_ports)"
  if [[ -z "$closed" ]]; then
    echo "azurite: already answering on $HOST:${PORTS[0]}/${PORTS[1]}/${PORTS[2]}; nothing to do"
    return 0
  fi

  if ! pid="$(running_pid)"; then
    if [[ "$closed" != "${PORTS[*]}" ]]; then
      local p taken=()
      for p in "${PORTS[@]}"; do [[ " $closed " == *" $p "* ]] || taken+=("$p"); done
      fail "port(s) ${taken[*]} on $HOST already taken by another program, so Azurite cannot start; free them first"
    fi
    command -v node >/dev/null 2>&1 || fail "node is required (Node.js 20 or newer) but is not on PATH"
    install_azurite
    mkdir -p "$data_dir" 2>/dev/null || fail "cannot create the data folder $data_dir (AZURITE_DATA)"
    # The bin is a node script with a shebang, so $! is the node process itself. Telemetry off: CI has no network
    # beyond npm, and flushing it to an unreachable endpoint delays shutdown.
    nohup "$bin" --blobHost "$HOST" --blobPort "${PORTS[0]}" --queueHost "$HOST" --queuePort "${PORTS[1]}" \
      --tableHost "$HOST" --tablePort "${PORTS[2]}" --location "$data_dir" \
      --skipApiVersionCheck --loose --silent --disableTelemetry </dev/null >"$log_file" 2>&1 &
    pid=$!
    echo "$pid" >"$pid_file"
    echo "azurite: started azurite@$AZURITE_VERSION (pid $pid, data $data_dir, log $log_file)"
  else
    echo "azurite: pid $pid is already starting; waiting for it"
  fi

  local deadline=$((SECONDS + wait_seconds))
  while [[ -n "$(closed_ports)" ]]; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$pid_file"
      show_log_tail
      fail "exited before answering on $HOST:${PORTS[*]}"
    fi
    if (( SECONDS >= deadline )); then
      show_log_tail
      stop >/dev/null
      fail "not answering on ports $(closed_ports) after ${wait_seconds}s; stopped it"
    fi
    sleep 0.5
  done
  echo "azurite: ready on $HOST (blob ${PORTS[0]}, queue ${PORTS[1]}, table ${PORTS[2]}); connection string UseDevelopmentStorage=true"
  echo "azurite: stop it with: infra/local/azurite.sh stop"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  *) fail "usage: $0 [start|stop]" ;;
esac
