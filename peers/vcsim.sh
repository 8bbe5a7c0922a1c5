#!/usr/bin/env bash
# Peer "vcsim": govmomi's vCenter simulator (Debian's golang-github-vmware-govmomi-dev 0.24.2) run by the launcher in
# peers/vcsim/, on the FIXED address https://127.0.0.1:8989/sdk (TLS with Go's localhost test certificate: clients
# must skip certificate checks), user administrator@vsphere.local, password vcsim-secret. Inventory, flags and
# differences from a real vCenter: peers/vcsim/README.md.
# Contract (see peers/README.md): peers/vcsim.sh STATE_DIR LOG_DIR
#   installs golang-go and golang-github-vmware-govmomi-dev when missing (as root), builds the launcher into
#   target/vcsim-build/ when its source changed, writes STATE_DIR/vcsim.pids as soon as it runs and
#   STATE_DIR/vcsim.url once it serves. Logs: LOG_DIR/vcsim.log (the simulator), vcsim-apt.log, vcsim-build.log.
# The next line tells test.sh not to wait for this peer before Maven starts (apt plus a cold Go build take minutes):
# test.sh: start in background
set -euo pipefail
mkdir -p "$1" "$2"
state=$(readlink -f "$1") logs=$(readlink -f "$2")
here="$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"
# shellcheck source=peers/lib.sh
source "$here/lib.sh"

host=127.0.0.1 port=8989
url="https://$host:$port/sdk"
packages=(golang-go golang-github-vmware-govmomi-dev)
build="$(dirname "$here")/target/vcsim-build"
binary="$build/vcsim"
pids="$state/vcsim.pids"
began=$(date +%s)

say() { echo "vcsim.sh: +$(( $(date +%s) - began ))s $*" >&2; }
fail() { say "FAILED: $*"; exit 1; }

child=""     # the build subshell running now (in the background, so a signal is handled at once)
launcher=""  # the simulator, once started
on_exit() {
  local status=$?
  trap - EXIT
  if (( status != 0 )); then
    # A running apt is left to finish (install_packages); a build is stopped.
    [[ $child == build:* ]] && { kill -TERM -- "-${child#build:}" 2>/dev/null || true; }
    [[ -n $launcher ]] && { stop_group "$launcher"; rm -f "$pids"; }
    say "start failed (exit $status); logs in $logs"
  fi
  exit "$status"
}
trap on_exit EXIT
trap 'fail "interrupted"' TERM INT

install_packages "$logs/vcsim-apt.log" "${packages[@]}" || fail "installing ${packages[*]}"

# Build in GOPATH mode against the Debian library (module mode would want a go.mod and the network); rebuild only
# when the launcher's source, Go or govmomi changed.
mkdir -p "$build"
stamp=$( { cat "$here"/vcsim/*.go; /usr/bin/go version; dpkg-query -W golang-github-vmware-govmomi-dev; } | sha256sum)
if [[ -x $binary && -f $build/vcsim.stamp && $(<"$build/vcsim.stamp") == "$stamp" ]]; then
  say "launcher up to date ($binary)"
else
  say "building the launcher (a cold build takes about 1-2 minutes)"
  rm -f "$build/vcsim.stamp"
  ( cd "$here/vcsim" && exec env GO111MODULE=off GOPATH=/usr/share/gocode GOFLAGS= GOPROXY=off \
      GOCACHE="$build/gocache" setsid /usr/bin/go build -trimpath -ldflags "-s -w" -o "$binary.new" . ) \
    >"$logs/vcsim-build.log" 2>&1 &
  child=build:$!
  wait "${child#build:}" || { cat "$logs/vcsim-build.log" >&2; fail "go build (log: $logs/vcsim-build.log)"; }
  child=""
  mv "$binary.new" "$binary"
  echo "$stamp" >"$build/vcsim.stamp"
  say "launcher built"
fi

if (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then
  fail "$host:$port is in use (another vcsim? stop it by the PID in its vcsim.pids)"
fi
rm -f "$pids" "$state/vcsim.url"
# The simulator's VM and disk files go to TMPDIR; kept under the state directory in case it is killed.
rm -rf "$state/vcsim-tmp"
mkdir -p "$state/vcsim-tmp"
# setsid: the simulator leads its own process group, so teardown can stop it with everything it forked.
TMPDIR="$state/vcsim-tmp" setsid "$binary" -l "$host:$port" -username administrator@vsphere.local \
  -password vcsim-secret -compat60 -serialize -template DC0_H0_VM0=rhcos-template -template-disk-gib 120 -guest-ip 192.0.2 \
  >"$logs/vcsim.log" 2>&1 </dev/null &
launcher=$!
echo "$launcher" >"$pids"

# The launcher prints its GOVC_URL line once it listens, after the template is made (a connection probe here would
# only add a TLS handshake error to its log).
deadline=$(( $(date +%s) + 30 ))
until grep -q "^export GOVC_URL=" "$logs/vcsim.log" 2>/dev/null; do
  kill -0 "$launcher" 2>/dev/null || { cat "$logs/vcsim.log" >&2; fail "the simulator exited"; }
  (( $(date +%s) < deadline )) || fail "the simulator did not serve within 30 s (log: $logs/vcsim.log)"
  sleep 0.1
done
echo "$url" >"$state/vcsim.url.tmp"
mv "$state/vcsim.url.tmp" "$state/vcsim.url"
launcher="" # up: from now on test.sh stops it by its PID
say "ready at $url (PID $(<"$pids"))"
