#!/usr/bin/env bash
# Peer "moto": moto_server, the EC2 API stand-in for the aws provider's integration tests.
# Contract (see peers/README.md): peers/moto.sh STATE_DIR LOG_DIR
set -euo pipefail
state=$1 logs=$2
# shellcheck source=peers/lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

moto="${PYENV_ROOT:-$HOME/.pyenv}/versions/3.11.7/bin/moto_server"
if [[ ! -x $moto ]]; then
  echo "moto_server not found at $moto (it comes preinstalled with the image's pyenv Python 3.11.7)" >&2
  exit 3
fi

port=$(free_port)
# setsid: the server leads its own process group, so teardown can stop it with everything it forked.
MOTO_ENABLE_AMI_VALIDATION=true setsid "$moto" -H 127.0.0.1 -p "$port" >"$logs/moto.log" 2>&1 </dev/null &
pid=$!
echo "$pid" >"$state/moto.pids"
wait_http_ok 127.0.0.1 "$port" /moto-api/ 60 "$pid"
echo "http://127.0.0.1:$port" >"$state/moto.url"
