#!/usr/bin/env bash
# Peer "openstack": Keystone, Placement, Glance and Nova (fake virt driver) from Debian's python3-* packages, with
# MariaDB, RabbitMQ and a Neutron stand-in (peers/openstack/fake_neutron.py), all on 127.0.0.1 at fixed ports:
# MariaDB 3306, epmd 4369, RabbitMQ 5672 (Erlang distribution 25672), Keystone 5000, Nova 8774, Placement 8778,
# Glance 9292, Neutron 9696. What it is and how it differs from a cloud: peers/openstack/README.md.
# Contract (see peers/README.md): peers/openstack.sh STATE_DIR LOG_DIR
#   writes STATE_DIR/openstack.pids at once, then STATE_DIR/openstack-clouds.yaml, and STATE_DIR/openstack.url last
#   (the Keystone URL). Data lives in STATE_DIR/openstack/, one log per service in LOG_DIR/openstack-*.log.
# The next line tells test.sh not to wait for this peer before Maven starts (the tests wait for it instead):
# test.sh: start in background
set -euo pipefail
mkdir -p "$1" "$2"
state=$(readlink -f "$1") logs=$(readlink -f "$2")
here="$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"
peer="$here/openstack"
# shellcheck source=peers/lib.sh
source "$here/lib.sh"

py=/usr/bin/python3 # Debian's Python: the one that sees the python3-* packages (not pyenv's)
packages=(python3-keystone python3-nova python3-placement python3-glance mariadb-server rabbitmq-server)
budget=360 # seconds from the end of the package installation until the peer must be up
pids="$state/openstack.pids"
data="$state/openstack"
etc="$data/etc"
setup_log="$logs/openstack-setup.log" # each parallel setup chain has its own openstack-setup-NAME.log
began=$(date +%s)

say() { echo "openstack.sh: +$(( $(date +%s) - began ))s $*" >&2; }
fail() { say "FAILED: $*"; exit 1; }

# ---------------------------------------------------------------------------------------------------------------
# Packages (Debian's library packages only: the service packages would start daemons and ask debconf questions)
# ---------------------------------------------------------------------------------------------------------------
# rabbitmq-server's and mariadb-server's installs would start their daemons: --no-daemons forbids it.
ensure_packages --no-daemons "$logs/openstack-apt.log" "${packages[@]}" ||
  { status=$?; (( status == 3 )) && exit 3; fail "installing ${packages[*]}"; }
for tool in /usr/sbin/mariadbd /usr/bin/mariadb-install-db /usr/bin/epmd /usr/lib/rabbitmq/bin/rabbitmq-server \
    /usr/bin/keystone-manage /usr/bin/placement-manage; do
  [[ -x $tool ]] || fail "$tool missing although its package is installed"
done

# ---------------------------------------------------------------------------------------------------------------
# Bounds and teardown on failure
# ---------------------------------------------------------------------------------------------------------------
deadline=$(( $(date +%s) + budget ))
left() { local n=$(( deadline - $(date +%s) )); (( n > 0 )) && echo "$n" || echo 1; }
# Runs a setup command bounded by what is left of the budget (a loaded machine makes any single command slow:
# keystone-manage took 30 s to start once); output to the setup log.
step() {
  local seconds
  seconds=$(left)
  echo "=== $(date +%T) $*" >>"$setup_log"
  # bash -c: the command may be one of this script's functions (exported below). In the background: a signal to
  # this script is handled at once, not after the step.
  timeout --kill-after=5 "$seconds" bash -c '"$@"' step "$@" >>"$setup_log" 2>&1 &
  local status=0
  wait $! || status=$?
  if (( status != 0 )); then
    echo "=== exit $status" >>"$setup_log"
    tail -15 "$setup_log" >&2
    return "$status"
  fi
}
record() { echo "$1" >>"$pids"; }
# stop_recorded: what test.sh does with the pids file, for a start that fails here (or a run by hand), except
# that epmd goes last: a broker still booting ignores SIGTERM and, finding no epmd, would start a daemonized one.
stop_recorded() {
  [[ $owns_pids == true && -f $pids ]] || return 0
  local pid epmd
  epmd=$(head -1 "$pids") # recorded first
  while read -r pid; do
    [[ $pid == "$epmd" ]] || kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  done <"$pids"
  while read -r pid; do
    [[ $pid == "$epmd" ]] && continue
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  done <"$pids"
  kill -TERM "$epmd" 2>/dev/null || true
  rm -f "$pids"
}
owns_pids=false
on_exit() {
  local status=$?
  trap - EXIT
  if [[ -n ${watchdog:-} ]]; then
    pkill -TERM -P "$watchdog" 2>/dev/null || true # its sleep
    kill -TERM "$watchdog" 2>/dev/null || true
  fi
  if (( status != 0 )); then
    say "start failed (exit $status): stopping what was started; logs in $logs"
    local job
    for job in $(jobs -p); do # the background setup chains of this script, with their running step
      pkill -TERM -P "$job" 2>/dev/null || true
      kill -TERM "$job" 2>/dev/null || true
    done
    stop_recorded
  fi
  exit "$status"
}
trap on_exit EXIT
trap 'fail "interrupted or out of time (budget ${budget}s)"' TERM INT

for port in 3306 4369 5000 5672 8774 8778 9292 9696 25672; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    fail "127.0.0.1:$port is in use (another OpenStack peer? stop it first, e.g. by the PIDs in its openstack.pids)"
  fi
done

rm -f "$pids" "$state/openstack.url" "$state/openstack-clouds.yaml"
: >"$pids"
owns_pids=true
rm -rf "$data"
mkdir -p "$etc" "$data"/{mariadb,rabbitmq,keystone,glance/images,glance/locks,nova/instances,nova/locks}
find "$logs" -maxdepth 1 -name 'openstack-*.log' ! -name openstack-apt.log -delete
for template in keystone.conf placement.conf glance-api.conf nova.conf; do
  sed -e "s|@STATE@|$data|g" -e "s|@PEER@|$peer|g" "$peer/$template" >"$etc/$template"
done
# nova-compute has no database access: without the connections it does not complain about them.
sed -e '/^connection = /d' "$etc/nova.conf" >"$etc/nova-compute.conf"
( sleep "$budget"; kill -TERM $$ ) 2>/dev/null &
watchdog=$!

# python_main NAME MODULE ARGS...: runs a console script's main() the way the script would (argv[0] = NAME).
python_main() {
  local name=$1 module=$2; shift 2
  "$py" -c "import sys; sys.argv[0] = '$name'; from $module import main; sys.exit(main())" "$@"
}
nova_manage() { python_main nova-manage nova.cmd.manage --config-file "$etc/nova.conf" "$@"; }
# service NAME ENV... -- COMMAND...: starts a service in its own process group, PID recorded at once.
service() {
  local name=$1; shift
  local -a env=()
  while [[ $1 != -- ]]; do env+=("$1"); shift; done
  shift
  env "${env[@]}" setsid "$@" >"$logs/openstack-$name.log" 2>&1 </dev/null &
  record $!
  echo $!
}
wait_port() {
  local port=$1 pid=$2 what=$3
  while ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || fail "$what exited before listening on $port (log: $logs/openstack-$what.log)"
    (( $(date +%s) < deadline )) || fail "$what did not listen on $port in time"
    sleep 0.3
  done
}

# ---------------------------------------------------------------------------------------------------------------
# MariaDB and RabbitMQ
# ---------------------------------------------------------------------------------------------------------------
# epmd runs in the foreground under our control (Erlang would otherwise daemonize one outside any recorded group).
# Recorded first: stop_recorded stops it last.
epmd_pid=$(service epmd -- /usr/bin/epmd -address 127.0.0.1 -port 4369)
step mariadb-install-db --no-defaults --datadir="$data/mariadb" --user=root \
  --auth-root-authentication-method=normal --skip-test-db || fail "mariadb-install-db"
socket="$data/mariadb.sock"
mariadb_pid=$(service mariadb -- /usr/sbin/mariadbd --no-defaults --datadir="$data/mariadb" --socket="$socket" \
  --pid-file="$data/mariadb.pid" --bind-address=127.0.0.1 --port=3306 --user=root --skip-name-resolve \
  --innodb-flush-log-at-trx-commit=0 --innodb-buffer-pool-size=256M --max-connections=500 \
  --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci)

rabbit_env=(HOME="$data/rabbitmq" RABBITMQ_CONF_ENV_FILE="$data/rabbitmq/rabbitmq-env.conf"
  RABBITMQ_CONFIG_FILE="$data/rabbitmq/rabbitmq" RABBITMQ_ENABLED_PLUGINS_FILE="$data/rabbitmq/enabled_plugins"
  RABBITMQ_MNESIA_BASE="$data/rabbitmq/mnesia" RABBITMQ_LOG_BASE="$data/rabbitmq" RABBITMQ_LOGS=-
  RABBITMQ_PID_FILE="$data/rabbitmq/rabbitmq.pid" RABBITMQ_NODENAME=rabbit@localhost
  RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT=5672 RABBITMQ_DIST_PORT=25672
  ERL_EPMD_ADDRESS=127.0.0.1 ERL_EPMD_PORT=4369
  RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}")
: >"$data/rabbitmq/rabbitmq-env.conf"
echo '[].' >"$data/rabbitmq/enabled_plugins"
# The start script traps SIGTERM and stops the broker (and beam.smp itself stops cleanly on SIGTERM).
wait_port 4369 "$epmd_pid" epmd
rabbit_pid=$(service rabbitmq "${rabbit_env[@]}" -- /usr/lib/rabbitmq/bin/rabbitmq-server)
# beam.smp is the broker itself (the start script only relays signals): recorded too, so that test.sh's SIGKILL
# after 10 s reaches it if it ignores SIGTERM, as it does while still booting.
for _ in $(seq 1 50); do
  beam=$(pgrep -s "$rabbit_pid" -x beam.smp || true)
  [[ -n $beam ]] && { record "$beam"; break; }
  sleep 0.1
done
[[ -n $beam ]] || fail "RabbitMQ's beam.smp did not start (log: $logs/openstack-rabbitmq.log)"

for _ in $(seq 1 150); do
  /usr/bin/mariadb-admin --no-defaults --socket="$socket" -uroot ping >/dev/null 2>&1 && break
  kill -0 "$mariadb_pid" 2>/dev/null || fail "mariadbd exited (log: $logs/openstack-mariadb.log)"
  sleep 0.2
done
/usr/bin/mariadb --no-defaults --socket="$socket" -uroot >>"$setup_log" 2>&1 <<'SQL' || fail "creating the databases"
CREATE DATABASE keystone; CREATE DATABASE placement; CREATE DATABASE glance;
CREATE DATABASE nova_api; CREATE DATABASE nova_cell0; CREATE DATABASE nova;
CREATE USER 'openstack'@'127.0.0.1' IDENTIFIED BY 'openstack-db';
CREATE USER 'openstack'@'localhost' IDENTIFIED BY 'openstack-db';
GRANT ALL PRIVILEGES ON *.* TO 'openstack'@'127.0.0.1';
GRANT ALL PRIVILEGES ON *.* TO 'openstack'@'localhost';
SQL
say "MariaDB up"

# ---------------------------------------------------------------------------------------------------------------
# Schemas, in parallel (migrations are most of the start time); Keystone first since everything authenticates
# ---------------------------------------------------------------------------------------------------------------
keystone_manage() { /usr/bin/keystone-manage --config-file "$etc/keystone.conf" "$@"; }
export py etc
export -f python_main nova_manage keystone_manage
(
  setup_log="$logs/openstack-setup-keystone.log"
  step keystone_manage db_sync
  step keystone_manage fernet_setup --keystone-user root --keystone-group root
  step keystone_manage credential_setup --keystone-user root --keystone-group root
  step keystone_manage bootstrap --bootstrap-password admin-secret --bootstrap-username admin \
    --bootstrap-project-name admin --bootstrap-role-name admin --bootstrap-region-id RegionOne \
    --bootstrap-admin-url http://127.0.0.1:5000/v3/ --bootstrap-internal-url http://127.0.0.1:5000/v3/ \
    --bootstrap-public-url http://127.0.0.1:5000/v3/
) &
keystone_schema=$!
(
  setup_log="$logs/openstack-setup-placement.log"
  step /usr/bin/placement-manage --config-file "$etc/placement.conf" db sync
) &
placement_schema=$!
(
  setup_log="$logs/openstack-setup-glance.log"
  step python_main glance-manage glance.cmd.manage --config-file "$etc/glance-api.conf" db_sync
) &
glance_schema=$!
(
  setup_log="$logs/openstack-setup-nova.log"
  step nova_manage api_db sync
  step nova_manage cell_v2 map_cell0 \
    --database_connection 'mysql+pymysql://openstack:openstack-db@127.0.0.1:3306/nova_cell0?charset=utf8'
  step nova_manage cell_v2 create_cell --name cell1
  step nova_manage db sync
) &
nova_schema=$!

wait "$keystone_schema" || fail "Keystone schema/bootstrap (log: $setup_log)"
keystone_pid=$(service keystone OS_KEYSTONE_CONFIG_DIR="$etc" OS_KEYSTONE_CONFIG_FILES=keystone.conf -- \
  "$py" "$peer/wsgi_runner.py" 127.0.0.1 5000 keystone.server.wsgi:initialize_public_application)
wait_port 5000 "$keystone_pid" keystone
wait_http_ok 127.0.0.1 5000 /v3 "$(left)" "$keystone_pid"
say "Keystone up"
step "$py" "$peer/seed.py" keystone "$data/demo-project" &
keystone_seed=$!

wait "$placement_schema" || fail "Placement schema (log: $setup_log)"
placement_pid=$(service placement OS_PLACEMENT_CONFIG_DIR="$etc" -- \
  "$py" "$peer/wsgi_runner.py" 127.0.0.1 8778 placement.wsgi:init_application)

wait "$glance_schema" || fail "Glance schema (log: $setup_log)"
glance_pid=$(service glance -- "$py" -c \
  "import sys; sys.argv[0] = 'glance-api'; from glance.cmd.api import main; sys.exit(main())" \
  --config-file "$etc/glance-api.conf")

wait_port 5672 "$beam" rabbitmq
say "RabbitMQ up"

# nova_service NAME CONFIG: nova.cmd.NAME as its console script would start it.
nova_service() {
  service "nova-$1" -- "$py" -c \
    "import sys; sys.argv[0] = 'nova-$1'; from nova.cmd.$1 import main; sys.exit(main())" --config-file "$etc/$2"
}
wait "$nova_schema" || fail "Nova schemas (log: $setup_log)"
say "schemas done"
# These need the service users only when called, the compute host at once (it reports to Placement on start).
nova_service conductor nova.conf >/dev/null
nova_service scheduler nova.conf >/dev/null
nova_api_pid=$(nova_service api nova.conf)

wait "$keystone_seed" || fail "seeding Keystone (log: $setup_log)"
demo_project=$(<"$data/demo-project")
say "Keystone seeded (project demo $demo_project)"
neutron_pid=$(service neutron-server -- "$py" "$peer/fake_neutron.py" --port 9696 \
  --keystone http://127.0.0.1:5000/v3 --project-id "$demo_project" --log "$logs/openstack-neutron.log")
wait_port 8778 "$placement_pid" placement
nova_service compute nova-compute.conf >/dev/null

wait_port 9696 "$neutron_pid" neutron-server
wait_port 9292 "$glance_pid" glance
wait_port 8774 "$nova_api_pid" nova-api
say "services listening"

# No boot works before the compute host is mapped into cell1 (what `nova-manage cell_v2 list_hosts` shows; read
# here from its table, which costs no Python start). The scheduler maps new hosts every 5 s; should it not have
# done so 10 s after the host registered, discover_hosts does it.
sql() { /usr/bin/mariadb --no-defaults --socket="$socket" -uroot -N -e "$1" 2>>"$setup_log"; }
registered=0
until [[ -n $(sql "SELECT host FROM nova_api.host_mappings WHERE host = 'fakehost'") ]]; do
  (( $(date +%s) < deadline )) || fail "the compute host never appeared in cell_v2 list_hosts"
  if [[ -n $(sql "SELECT host FROM nova.compute_nodes WHERE host = 'fakehost' AND deleted = 0") ]] &&
      (( ++registered == 20 )); then
    step nova_manage cell_v2 discover_hosts --verbose || true
  fi
  sleep 0.5
done
say "compute host mapped"
step "$py" "$peer/seed.py" compute || fail "seeding flavors and image"
say "flavors and image seeded"

cat >"$state/openstack-clouds.yaml.tmp" <<'EOF'
clouds:
  openstack:
    auth:
      auth_url: http://127.0.0.1:5000/v3
      username: demo
      password: demo-secret
      project_name: demo
      user_domain_name: Default
      project_domain_name: Default
    region_name: RegionOne
    interface: public
    identity_api_version: 3
  openstack-admin:
    auth:
      auth_url: http://127.0.0.1:5000/v3
      username: admin
      password: admin-secret
      project_name: admin
      user_domain_name: Default
      project_domain_name: Default
    region_name: RegionOne
    interface: public
    identity_api_version: 3
EOF
mv "$state/openstack-clouds.yaml.tmp" "$state/openstack-clouds.yaml"
echo "http://127.0.0.1:5000/v3" >"$state/openstack.url.tmp"
mv "$state/openstack.url.tmp" "$state/openstack.url"
say "ready at http://127.0.0.1:5000/v3 ($(wc -l <"$pids") PIDs in $pids)"
