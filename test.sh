#!/usr/bin/env bash
# test.sh: THE test command of this project, for developers and CI alike (.ci/run calls it).
#
#   1. checks or installs the tools the tests need (kubectl; notes whether moto_server is there);
#   2. starts every test peer in peers/*.sh in parallel (PIDs recorded, logs in target/peers/);
#   3. runs ./mvnw -B verify with each peer's URL as -Dmachineapi.peer.NAME.url and MACHINEAPI_PEER_NAME_URL;
#   4. stops every peer (trap, also on Ctrl-C or failure) and exits with Maven's status.
#
# With CI=true a suite whose peer is missing fails (io.machineapi.testkit.PeerAssumptions); otherwise it is skipped
# with a message. Extra arguments go to Maven, e.g. ./test.sh -pl providers/sim -am
# Meant for a fresh Debian 12 machine, run as root; a developer machine that already has the tools needs no root.
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
cd "$root"

peer_logs="$root/target/peers"
peer_state="$peer_logs/state"
ci="${CI:-false}"

log() { echo "test.sh: $*" >&2; }
banner() { log "=================================================================="; log "$*"; }

# ---------------------------------------------------------------------------------------------------------------
# 1. Tools
# ---------------------------------------------------------------------------------------------------------------
apt_install() {
  if [[ $(id -u) -ne 0 ]]; then
    log "cannot install $* without root; install it yourself (apt-get install --no-install-recommends $*)"
    return 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  # Another apt may hold the lock on a fresh machine: wait for it instead of failing.
  apt-get -o DPkg::Lock::Timeout=900 update -q
  apt-get -o DPkg::Lock::Timeout=900 install -y -q --no-install-recommends "$@"
}

ensure_kubectl() {
  if [[ -x /usr/bin/kubectl ]]; then
    return 0
  fi
  log "kubectl missing: installing Debian package kubernetes-client"
  apt_install kubernetes-client || log "WARNING: no kubectl; the kubectl scenario tests will fail or skip"
}

check_moto() {
  local moto="${PYENV_ROOT:-$HOME/.pyenv}/versions/3.11.7/bin/moto_server"
  if [[ ! -x $moto ]]; then
    banner "WARNING: moto_server not found at $moto: EC2 integration tests $( [[ $ci == true ]] && echo FAIL || echo 'are SKIPPED')"
  fi
}

# ---------------------------------------------------------------------------------------------------------------
# 2. Peers
# ---------------------------------------------------------------------------------------------------------------
declare -a maven_peer_args=()
declare -a peers_up=() peers_missing=()

stop_peers() {
  local pids_file pid
  shopt -s nullglob
  for pids_file in "$peer_state"/*.pids; do
    while read -r pid; do
      [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || continue
      # A peer started under setsid leads its own process group: stop it with everything it forked. A group with
      # this id exists only if the process leads it (Linux never reuses a live PID as another group's id).
      kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    done <"$pids_file"
  done
  for pids_file in "$peer_state"/*.pids; do
    while read -r pid; do
      [[ -n $pid ]] || continue
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      if kill -0 "$pid" 2>/dev/null; then
        log "peer process $pid ignored SIGTERM for 10 s: killing it"
        kill -KILL "$pid" 2>/dev/null || true
      fi
    done <"$pids_file"
    rm -f "$pids_file"
  done
  shopt -u nullglob
}

start_peers() {
  local script name
  local -A starter=()
  rm -rf "$peer_state"
  mkdir -p "$peer_state" "$peer_logs"
  shopt -s nullglob
  for script in "$root"/peers/*.sh; do
    name=$(basename "$script" .sh)
    [[ $name == lib ]] && continue
    "$script" "$peer_state" "$peer_logs" >"$peer_logs/$name.start.log" 2>&1 &
    starter[$name]=$!
  done
  shopt -u nullglob
  for name in $(printf '%s\n' "${!starter[@]}" | sort); do
    local status=0
    wait "${starter[$name]}" || status=$?
    if [[ $status -eq 0 && -s $peer_state/$name.url ]]; then
      local url upper
      url=$(<"$peer_state/$name.url")
      upper=$(echo "$name" | tr 'a-z-' 'A-Z_')
      export "MACHINEAPI_PEER_${upper}_URL=$url"
      maven_peer_args+=("-Dmachineapi.peer.$name.url=$url")
      peers_up+=("$name=$url")
      log "peer $name ready at $url"
    else
      peers_missing+=("$name")
      banner "WARNING: peer $name did not start (exit $status); its suites $( [[ $ci == true ]] && echo FAIL || echo 'are SKIPPED'). Log: $peer_logs/$name.start.log"
      sed 's/^/test.sh:   | /' "$peer_logs/$name.start.log" >&2 || true
    fi
  done
}

# ---------------------------------------------------------------------------------------------------------------
# 3. Run
# ---------------------------------------------------------------------------------------------------------------
trap stop_peers EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

ensure_kubectl
check_moto
start_peers

status=0
./mvnw -B verify "${maven_peer_args[@]}" "$@" || status=$?

log "peers up: ${peers_up[*]:-none}; peers missing: ${peers_missing[*]:-none}; logs in $peer_logs"
if [ "$status" -ne 0 ]; then
  # The console keeps one line per failed test; print the start of each failure's stack trace so a CI log is
  # enough to debug it.
  for report in */target/*-reports/*.txt; do
    if grep -qE '<<< (FAILURE|ERROR)!' "$report" 2>/dev/null; then
      log "failure report $report:"
      grep -A40 -E '<<< (FAILURE|ERROR)!' "$report" | head -80
    fi
  done
fi
log "maven verify exited with $status"
exit "$status"
