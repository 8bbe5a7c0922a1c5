#!/usr/bin/env bash
# Peer "ironic": the real Ironic 21.4 (2023.1 Antelope, REST microversions 1.1-1.82) from Debian's python3-ironic,
# API and conductor in one process with the fake-hardware driver, on the FIXED address http://127.0.0.1:6385, no
# authentication. Clients must send X-OpenStack-Ironic-API-Version: 1.82. Settings, lifecycle and differences from
# real hardware: peers/ironic/README.md.
# Contract (see peers/README.md): peers/ironic.sh STATE_DIR LOG_DIR
#   installs python3-ironic when missing (as root), writes a fresh ironic.conf, policy.yaml and sqlite database to
#   STATE_DIR/ironic/, writes STATE_DIR/ironic.pids as soon as the server runs and STATE_DIR/ironic.url once
#   GET /v1/drivers answers. Logs: LOG_DIR/ironic.log (the server), ironic-apt.log, ironic-dbsync.log.
# The next line tells test.sh not to wait for this peer before Maven starts (the first install takes about 2 minutes):
# test.sh: start in background
set -euo pipefail
mkdir -p "$1" "$2"
state=$(readlink -f "$1") logs=$(readlink -f "$2")
here="$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"
# shellcheck source=peers/lib.sh
source "$here/lib.sh"

py=/usr/bin/python3 # Debian's Python: the one that sees python3-ironic (not pyenv's)
host=127.0.0.1 port=6385
url="http://$host:$port"
version_header="X-OpenStack-Ironic-API-Version: 1.82"
packages=(python3-ironic)
pids="$state/ironic.pids"
data="$state/ironic"
began=$(date +%s)

say() { echo "ironic.sh: +$(( $(date +%s) - began ))s $*" >&2; }
fail() { say "FAILED: $*"; exit 1; }

dbsync="" # the schema creation while it runs
server="" # the Ironic process, once started
on_exit() {
  local status=$?
  trap - EXIT
  if (( status != 0 )); then
    # A running apt is left to finish (install_packages); the schema creation and the server are stopped.
    [[ -n $dbsync ]] && { kill -TERM "$dbsync" 2>/dev/null || true; }
    [[ -n $server ]] && { stop_group "$server"; rm -f "$pids"; }
    say "start failed (exit $status); logs in $logs"
  fi
  exit "$status"
}
trap on_exit EXIT
trap 'fail "interrupted"' TERM INT

install_packages "$logs/ironic-apt.log" "${packages[@]}" || fail "installing ${packages[*]}"
"$py" -c 'import ironic' 2>/dev/null || fail "$py cannot import ironic although ${packages[*]} is installed"

if (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then
  fail "$host:$port is in use (another Ironic? stop it by the PID in its ironic.pids)"
fi
rm -f "$pids" "$state/ironic.url"
rm -rf "$data"
mkdir -p "$data/tmp" "$data/locks"
sed -e "s|@STATE@|$data|g" "$here/ironic/ironic.conf" >"$data/ironic.conf"
cp "$here/ironic/policy.yaml" "$data/policy.yaml"

# The schema (5-8 s on a loaded machine; bounded), through the entry module the console script ironic-dbsync would
# run (argv[0] imitates it). In the background, so a signal is handled at once.
say "creating the schema"
timeout --kill-after=5 120 "$py" -c \
  "import sys; sys.argv[0] = 'ironic-dbsync'; from ironic.cmd.dbsync import main; sys.exit(main())" \
  --config-file "$data/ironic.conf" create_schema >"$logs/ironic-dbsync.log" 2>&1 &
dbsync=$!
wait "$dbsync" || { tail -20 "$logs/ironic-dbsync.log" >&2; fail "create_schema (log: $logs/ironic-dbsync.log)"; }
dbsync=""

# API and conductor in one process, as the console script ironic would start them. setsid: the server leads its own
# process group, so teardown can stop it with everything it forked.
setsid "$py" -c "import sys; sys.argv[0] = 'ironic'; from ironic.cmd.singleprocess import main; sys.exit(main())" \
  --config-file "$data/ironic.conf" >"$logs/ironic.log" 2>&1 </dev/null &
server=$!
echo "$server" >"$pids"
say "started Ironic (PID $server)"

wait_http_ok "$host" "$port" /v1/drivers 90 "$server" "$version_header" ||
  { tail -20 "$logs/ironic.log" >&2; fail "Ironic did not serve (log: $logs/ironic.log)"; }
echo "$url" >"$state/ironic.url.tmp"
mv "$state/ironic.url.tmp" "$state/ironic.url"
server="" # up: from now on test.sh stops it by its PID
say "ready at $url (PID $(<"$pids"))"
