#!/usr/bin/env bash
# test.sh: THE test command of this project, for developers and CI alike (.ci/run calls it).
#
#   1. checks or installs the tools the tests need (kubectl; notes whether moto_server is there);
#   2. starts every test peer in peers/*.sh in parallel (PIDs recorded, logs in target/peers/), waiting for all but
#      the slow ones marked "# test.sh: start in background" (OpenStack), which the tests wait for themselves;
#   3. runs ./mvnw -B verify with each peer's URL as -Dmachineapi.peer.NAME.url and MACHINEAPI_PEER_NAME_URL, and
#      the peers' state directory as -Dmachineapi.peer.state.dir and MACHINEAPI_PEER_STATE_DIR;
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

# A peer whose script says "# test.sh: start in background" (OpenStack: minutes of apt and bring-up) is not waited
# for: Maven starts at once, and its tests wait for it through PeerAssumptions, which reads the files below in
# $peer_state (passed as -Dmachineapi.peer.state.dir and MACHINEAPI_PEER_STATE_DIR): NAME.starting while the
# script runs, NAME.exit (its exit status) when it has ended, NAME.url from the script when it succeeded.
start_peer() {
  local script=$1 name=$2 background=$3
  touch "$peer_state/$name.starting"
  (
    began=$(date +%s)
    "$script" "$peer_state" "$peer_logs" >"$peer_logs/$name.start.log" 2>&1 &
    echo $! >"$peer_state/$name.starter"
    status=0
    wait $! || status=$?
    echo "$status" >"$peer_state/$name.exit.tmp"
    mv "$peer_state/$name.exit.tmp" "$peer_state/$name.exit"
    rm -f "$peer_state/$name.starting"
    [[ $background == true ]] && log "background peer $name: start script ended with $status after $(( $(date +%s) - began )) s"
    true
  ) &
  starter[$name]=$!
}

# peer_ended NAME: logs how a peer's start ended (once it has) and sorts it into up or missing.
peer_ended() {
  local name=$1 status url upper
  status=$(cat "$peer_state/$name.exit" 2>/dev/null || echo "?")
  if [[ $status == 0 && -s $peer_state/$name.url ]]; then
    url=$(<"$peer_state/$name.url")
    peers_up+=("$name=$url")
    log "peer $name ready at $url"
    return 0
  fi
  peers_missing+=("$name")
  banner "WARNING: peer $name did not start (exit $status); its suites $( [[ $ci == true ]] && echo FAIL || echo 'are SKIPPED'). Log: $peer_logs/$name.start.log"
  sed 's/^/test.sh:   | /' "$peer_logs/$name.start.log" >&2 || true
  return 1
}

declare -A starter=()
declare -a background_peers=()

start_peers() {
  local script name
  rm -rf "$peer_state"
  mkdir -p "$peer_state" "$peer_logs"
  shopt -s nullglob
  for script in "$root"/peers/*.sh; do
    name=$(basename "$script" .sh)
    [[ $name == lib ]] && continue
    if grep -q '^# test.sh: start in background' "$script"; then
      background_peers+=("$name")
      start_peer "$script" "$name" true
    else
      start_peer "$script" "$name" false
    fi
  done
  shopt -u nullglob
  maven_peer_args+=("-Dmachineapi.peer.state.dir=$peer_state")
  export MACHINEAPI_PEER_STATE_DIR="$peer_state"
  # The OpenStack tests read the clouds.yaml the peer writes next to its URL.
  [[ -x $root/peers/openstack.sh ]] && maven_peer_args+=("-Dmachineapi.peer.openstack.clouds=$peer_state/openstack-clouds.yaml")
  for name in $(printf '%s\n' "${!starter[@]}" | sort); do
    if [[ " ${background_peers[*]} " == *" $name "* ]]; then
      log "peer $name starts in the background (log: $peer_logs/$name.start.log); its tests wait for it"
      continue
    fi
    wait "${starter[$name]}" || true
    if peer_ended "$name"; then
      local upper url
      url=$(<"$peer_state/$name.url")
      upper=$(echo "$name" | tr 'a-z-' 'A-Z_')
      export "MACHINEAPI_PEER_${upper}_URL=$url"
      maven_peer_args+=("-Dmachineapi.peer.$name.url=$url")
    fi
  done
}

# Background peers: how their start ended, for the summary (a start still running is stopped with the peers).
summarize_background_peers() {
  local name
  for name in "${background_peers[@]}"; do
    if [[ -f $peer_state/$name.exit ]]; then
      peer_ended "$name" || true
    else
      peers_missing+=("$name(still starting)")
    fi
  done
}

# Stops start scripts still running (their own failure handling stops what they started), then the peers.
stop_starters_and_peers() {
  local name pid
  for name in "${!starter[@]}"; do
    [[ -f $peer_state/$name.starting && -s $peer_state/$name.starter ]] || continue
    pid=$(<"$peer_state/$name.starter")
    log "peer $name is still starting: stopping its start script ($pid)"
    kill -TERM "$pid" 2>/dev/null || true
  done
  for name in "${!starter[@]}"; do
    for _ in $(seq 1 150); do [[ -f $peer_state/$name.starting ]] || break; sleep 0.2; done
  done
  stop_peers
}

# ---------------------------------------------------------------------------------------------------------------
# 3. Run
# ---------------------------------------------------------------------------------------------------------------
trap stop_starters_and_peers EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

ensure_kubectl
check_moto
start_peers

status=0
./mvnw -B verify "${maven_peer_args[@]}" "$@" || status=$?

summarize_background_peers
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
