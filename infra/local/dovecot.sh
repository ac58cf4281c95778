#!/usr/bin/env bash
# Local IMAP server (Dovecot) for the IMAP trigger: its tests, its benchmark and trying it by hand (DESIGN.md §10).
#
#   infra/local/dovecot.sh [start]                  write a config under DOVECOT_HOME and start Dovecot on
#                                                   127.0.0.1:DOVECOT_PORT (plain IMAP, loopback only); wait for it
#   infra/local/dovecot.sh stop                     stop the Dovecot of DOVECOT_HOME (by its master.pid)
#   infra/local/dovecot.sh add-user NAME PASSWORD   add a mailbox user (or change its password); works while running
#   infra/local/dovecot.sh deliver USER [FILE|-]    store a mail (an RFC 822 file, stdin with -, or a generated test
#                                                   mail; MAIL_FROM / MAIL_SUBJECT / MAIL_TEXT change it) in USER's
#                                                   INBOX (or MAIL_FOLDER)
#
# Environment: DOVECOT_HOME (config, users, maildirs, logs; default .agentflow/dovecot under the repository root),
#              DOVECOT_PORT (default 10143), DOVECOT_WAIT (seconds to wait for the port, default 60).
# Needs root (Dovecot's mail processes run as the system user vmail, created here if missing) and Debian's
# dovecot-imapd (`apt-get install dovecot-imapd`; its system service is not used). Never for real mail: no TLS and
# plaintext passwords, bound to 127.0.0.1.
set -euo pipefail

HOST=127.0.0.1
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
home="${DOVECOT_HOME:-$root/.agentflow/dovecot}"
port="${DOVECOT_PORT:-10143}"
wait_seconds="${DOVECOT_WAIT:-60}"
conf="$home/dovecot.conf"
users="$home/users"
run_dir="$home/run"
pid_file="$run_dir/master.pid"
log_file="$home/dovecot.log"
mail_dir="$home/mail"

fail() { echo "dovecot: $*" >&2; exit 1; }

port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/$HOST/$1" 2>/dev/null; }

running_pid() {
  local pid
  [[ -f "$pid_file" ]] || return 1
  pid="$(cat "$pid_file")"
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && grep -qa dovecot "/proc/$pid/cmdline" 2>/dev/null \
    && echo "$pid"
}

show_log_tail() {
  [[ -s "$log_file" ]] && { echo "dovecot: last lines of $log_file:" >&2; tail -n 20 "$log_file" >&2; }
  return 0
}

need_dovecot() {
  command -v dovecot >/dev/null 2>&1 \
    || fail "dovecot is not installed; install it with: apt-get install dovecot-imapd (its system service is not needed)"
}

need_root() {
  [[ "$(id -u)" == 0 ]] || fail "needs root: Dovecot runs its mail processes as the system user vmail (run with sudo)"
}

ensure_vmail() {
  id vmail >/dev/null 2>&1 && return 0
  need_root
  useradd -r -M -s /usr/sbin/nologin vmail || fail "could not create the system user vmail (useradd -r -M vmail)"
}

# Dovecot's auth process (the system user dovecot) reads the passwd-file; nobody else may.
protect_users() {
  touch "$1"
  chmod 640 "$1"
  getent group dovecot >/dev/null 2>&1 && chgrp dovecot "$1"
  return 0
}

write_config() {
  local uid gid
  uid="$(id -u vmail)"
  gid="$(id -g vmail)"
  mkdir -p "$home" "$run_dir" "$home/state" "$mail_dir" || fail "cannot create $home (DOVECOT_HOME)"
  # The mail processes run as vmail: they must reach the maildirs (a mktemp folder is 0700).
  chmod 755 "$home"
  chown vmail:vmail "$mail_dir"
  runuser -u vmail -- test -w "$mail_dir" 2>/dev/null \
    || fail "the user vmail cannot write $mail_dir; make its parent folders traversable (chmod o+x) or set DOVECOT_HOME elsewhere"
  protect_users "$users"
  cat >"$conf" <<EOF
# Written by infra/local/dovecot.sh: a throwaway Dovecot for tests and local use. Loopback only, no TLS.
base_dir = $run_dir
state_dir = $home/state
log_path = $log_file
info_log_path = $log_file
protocols = imap
listen = $HOST
ssl = no
disable_plaintext_auth = no
# A throwaway server: no fsync per mail (tests and the bench deliver thousands).
mail_fsync = never
auth_mechanisms = plain login
first_valid_uid = $uid
last_valid_uid = 0
first_valid_gid = $gid
mail_location = maildir:$mail_dir/%n
mail_uid = $uid
mail_gid = $gid
namespace inbox {
  inbox = yes
  separator = /
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%n $users
}
userdb {
  driver = static
  args = uid=$uid gid=$gid home=$mail_dir/%n
}
service imap-login {
  inet_listener imap {
    address = $HOST
    port = $port
  }
  inet_listener imaps {
    port = 0
  }
}
EOF
}

stop() {
  local pid
  if ! pid="$(running_pid)"; then
    echo "dovecot: not running (no live process in $pid_file)"
    return 0
  fi
  kill "$pid"
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  echo "dovecot: stopped (pid $pid)"
}

start() {
  local pid
  need_dovecot
  if pid="$(running_pid)"; then
    echo "dovecot: already running (pid $pid) on $HOST:$port"
    return 0
  fi
  need_root
  port_open "$port" && fail "port $port on $HOST is already taken by another program; set DOVECOT_PORT to a free one"
  ensure_vmail
  write_config
  # Detached from this script's output: the daemon would otherwise hold a caller's pipe open (`start | tail` never ends).
  dovecot -c "$conf" </dev/null >/dev/null 2>&1 || { show_log_tail; fail "dovecot -c $conf failed"; }
  local deadline=$((SECONDS + wait_seconds))
  until port_open "$port" && running_pid >/dev/null; do
    if (( SECONDS >= deadline )); then
      show_log_tail
      stop >/dev/null
      fail "not answering on $HOST:$port after ${wait_seconds}s; stopped it"
    fi
    sleep 0.2
  done
  echo "dovecot: ready on $HOST:$port (plain IMAP, home $home, log $log_file, pid $(cat "$pid_file"))"
  echo "dovecot: add a user with: infra/local/dovecot.sh add-user NAME PASSWORD; stop with: infra/local/dovecot.sh stop"
}

add_user() {
  local name="${1:-}" password="${2:-}"
  [[ -n "$name" && -n "$password" ]] || fail "usage: $0 add-user NAME PASSWORD"
  [[ "$name" =~ ^[A-Za-z0-9._@-]+$ ]] || fail "user name '$name' may hold only letters, digits and . _ @ -"
  [[ "$password" != *:* && "$password" != *$'\n'* ]] || fail "the password may not contain ':' or a line break"
  mkdir -p "$home"
  touch "$users"
  # Dovecot re-reads the passwd-file when it changes, so this works while it runs.
  local rest
  rest="$(grep -v "^$name:" "$users" || true)"
  { [[ -n "$rest" ]] && printf '%s\n' "$rest"; printf '%s:{PLAIN}%s\n' "$name" "$password"; } >"$users.new"
  protect_users "$users.new"
  mv "$users.new" "$users"
  echo "dovecot: user $name ready (IMAP $HOST:$port, security none)"
}

deliver() {
  local user="${1:-}" file="${2:-}"
  [[ -n "$user" ]] || fail "usage: $0 deliver USER [FILE|-]"
  need_dovecot
  running_pid >/dev/null || fail "not running; start it first with: $0 start"
  grep -q "^$user:" "$users" 2>/dev/null || fail "no user '$user' in $users; add it with: $0 add-user $user PASSWORD"
  local input
  if [[ -z "$file" ]]; then
    input="$(printf 'From: %s\r\nTo: %s@localhost\r\nSubject: %s\r\nDate: %s\r\nMessage-ID: <%s.%s@agentflow.local>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n%s\r\n' \
      "${MAIL_FROM:-Ana Example <ana@example.com>}" "$user" "${MAIL_SUBJECT:-Test mail}" "$(date -R)" \
      "$(date +%s%N)" "$$" "${MAIL_TEXT:-Hello from infra/local/dovecot.sh.}")"
  elif [[ "$file" == - ]]; then
    input="$(cat)"
  else
    [[ -f "$file" ]] || fail "no such mail file: $file"
    input="$(cat "$file")"
  fi
  printf '%s\n' "$input" | doveadm -c "$conf" save -u "$user" -m "${MAIL_FOLDER:-INBOX}" \
    || fail "doveadm save for $user failed (log: $log_file)"
  echo "dovecot: delivered a mail to $user (${MAIL_FOLDER:-INBOX})"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  add-user) shift; add_user "$@" ;;
  deliver) shift; deliver "$@" ;;
  *) fail "usage: $0 [start|stop|add-user NAME PASSWORD|deliver USER [FILE|-]]" ;;
esac
