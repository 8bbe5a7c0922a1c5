# Helpers for peer start scripts (sourced, not executed). Only bash builtins and coreutils (plus dpkg and apt-get in
# ensure_packages): a fresh Debian 12 machine may lack curl and python3.

# free_port: prints a TCP port on 127.0.0.1 that was free a moment ago.
free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$(( 20000 + RANDOM % 40000 ))
    # A refused connection means nothing listens there.
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  echo "free_port: no free port found" >&2
  return 1
}

# http_status HOST PORT PATH [HEADER]: prints the HTTP status code of a GET (with the request header "Name: value"
# when given), or nothing when there is no answer.
http_status() {
  local host=$1 port=$2 path=$3 header=${4:+$4$'\r\n'} line
  exec 3<>"/dev/tcp/$host/$port" 2>/dev/null || return 1
  printf 'GET %s HTTP/1.0\r\nHost: %s:%s\r\n%sConnection: close\r\n\r\n' "$path" "$host" "$port" "$header" >&3
  IFS=' ' read -r -t 5 _ line _ <&3 || true
  exec 3>&-
  echo "$line"
}

# wait_http_ok HOST PORT PATH SECONDS PID [HEADER]: waits until GET (with HEADER) returns 2xx; fails early if PID dies.
wait_http_ok() {
  local host=$1 port=$2 path=$3 seconds=$4 pid=$5 header=${6:-} deadline status
  deadline=$(( $(date +%s) + seconds ))
  while (( $(date +%s) < deadline )); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "process $pid exited before $host:$port$path answered" >&2
      return 1
    fi
    status=$(http_status "$host" "$port" "$path" "$header" 2>/dev/null || true)
    [[ $status == 2* ]] && return 0
    sleep 0.2
  done
  echo "$host:$port$path did not answer 2xx within ${seconds}s" >&2
  return 1
}

# ensure_packages [--no-daemons] LOG PACKAGE...: installs those of the Debian packages that are missing, apt's output
# to LOG (waiting for another apt's lock). --no-daemons blocks daemon starts during the install with a policy-rc.d
# that exits 101 (rabbitmq-server and mariadb-server would start theirs). Returns 3 when packages are missing and
# this is not root (the peer cannot exist here), 1 when apt-get fails.
ensure_packages() {
  local no_daemons=false log package status=0 made_policy=false
  local -a missing=()
  [[ $1 == --no-daemons ]] && { no_daemons=true; shift; }
  log=$1; shift
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
  done
  (( ${#missing[@]} )) || return 0
  if [[ $(id -u) -ne 0 ]]; then
    echo "missing Debian packages ${missing[*]}; as root: apt-get install --no-install-recommends ${missing[*]}" >&2
    return 3
  fi
  echo "installing ${missing[*]} (log: $log)" >&2
  if [[ $no_daemons == true && ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d && made_policy=true
  fi
  { DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 update -q &&
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y -q --no-install-recommends \
      "${missing[@]}"; } >"$log" 2>&1 || status=$?
  [[ $made_policy == true ]] && rm -f /usr/sbin/policy-rc.d
  if (( status != 0 )); then
    tail -20 "$log" >&2
    echo "apt-get exited with $status" >&2
    return 1
  fi
}

# install_packages [--no-daemons] LOG PACKAGE...: ensure_packages for a start script, run in the background so that a
# signal to the script is handled at once (apt is left to finish: an interrupted dpkg would break the next install).
# Exits the script with 3 when the peer cannot exist here (not a Debian system, or packages missing without root);
# returns 1 when the install failed.
install_packages() {
  local status=0
  if ! command -v dpkg-query >/dev/null || ! command -v apt-get >/dev/null; then
    echo "not a Debian system (no dpkg-query or apt-get): this peer needs Debian packages" >&2
    exit 3
  fi
  ensure_packages "$@" &
  wait $! || status=$?
  (( status == 3 )) && exit 3
  return "$status"
}

# stop_group PID: stops a process started under setsid with everything it forked (SIGTERM to its group, or to PID
# alone when it leads none; SIGKILL to the group after 5 s).
stop_group() {
  local pid=$1
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$pid" 2>/dev/null || true
}
