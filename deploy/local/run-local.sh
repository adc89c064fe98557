#!/usr/bin/env bash
# The whole system on this machine: a real Kafka broker and PostgreSQL (no Docker), then the
# four services as separate processes. Ctrl-C stops everything cleanly.
#
#   ./run-local.sh [--fresh] [--demo] [--time-compression F] [--kafka-port N] [--postgres-port N] [--data DIR]
#                  [--brokers 1|3] [--replicas N]
#
#   --fresh             wipe the data folder first (default .local/, kept between runs)
#   --demo              once ready, run the device simulator: 6 sessions for dr.rivera and others,
#                       one clean and one per anomaly, with clinical time 30x faster (a 2-hour session
#                       in about 4 minutes); watch them in the console. Implies --time-compression 30.
#   --time-compression  divide the clinical protocol's durations by F (default 1; demonstrations only)
#   --kafka-port        broker port (default 9092; the controller takes the next one; with --brokers 3 the
#                       nodes take 9092-9097)
#   --brokers 3         a replicated Kafka cluster: three broker processes (KRaft; three copies of every
#                       partition, min.insync.replicas 2, no unclean leader election) instead of one
#   --replicas N        N instances each of vitals-service and alerting-service (ports 18083/18084 + 100 per
#                       instance, health on 19083/19084 + 100) behind HAProxy on 8083 and 8084 (Debian's,
#                       installed when missing); intake and session-service stay one each
#   --postgres-port     PostgreSQL port (default 5432)
#   --listen ADDR       the address the services listen on (default 127.0.0.1, this machine only; e.g. 0.0.0.0
#                       to reach them from other machines: then put TLS in front). The development key is trusted
#                       (profile local), so never expose a local stack to a network you do not control.
#                       Health and metrics (the management interface, ports 9081-9084) stay on 127.0.0.1 either way.
# Environment: JAVA_OPTS_SERVICE (default @deploy/local/service.jvm-options), JAVA_OPTS_INFRA (default -Xmx384m).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
data="$root/.local"
kafka_port=9092
postgres_port=5432
fresh=false
demo=false
compression=""
listen=127.0.0.1
brokers=1
replicas=1
while [ $# -gt 0 ]; do
  case $1 in
    --fresh) fresh=true; shift ;;
    --demo) demo=true; shift ;;
    --time-compression) compression=${2:?}; shift 2 ;;
    --kafka-port) kafka_port=${2:?}; shift 2 ;;
    --postgres-port) postgres_port=${2:?}; shift 2 ;;
    --listen) listen=${2:?}; shift 2 ;;
    --brokers) brokers=${2:?}; shift 2 ;;
    --replicas) replicas=${2:?}; shift 2 ;;
    --data) data=$(mkdir -p "$2" && cd "$2" && pwd); shift 2 ;;
    -h|--help) sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run-local: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done

case $brokers in 1|3) ;; *) echo "run-local: --brokers takes 1 or 3" >&2; exit 2 ;; esac
case $replicas in [1-9]) ;; *) echo "run-local: --replicas takes 1 to 9" >&2; exit 2 ;; esac
if [ "$replicas" -gt 1 ] && [ "$listen" != 127.0.0.1 ]; then
  # HAProxy listens on 127.0.0.1 only, so phones on the network could not reach vitals through it.
  echo "run-local: --replicas with --listen is not supported yet (HAProxy listens on 127.0.0.1)" >&2
  exit 2
fi
if [ "$replicas" -gt 1 ] && [ ! -x /usr/sbin/haproxy ]; then
  echo "Installing HAProxy (Debian's package) for --replicas..."
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get install -y -qq haproxy >/dev/null 2>&1 || { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq haproxy >/dev/null; }
fi
if $demo && [ -z "$compression" ]; then compression=30; fi
compression=${compression:-1}

# name:public port:management port (health and metrics, 127.0.0.1 only; service-platform's shared config)
services=(intake-service:8081:9081 session-service:8082:9082 vitals-service:8083:9083 alerting-service:8084:9084)
# Every process to start, as service:instance:public port:management port. With --replicas N, vitals and alerting
# run N instances on their own ports and HAProxy takes their usual ones (frontends).
instances=()
frontends=()
for entry in "${services[@]}"; do
  IFS=: read -r name port management_port <<< "$entry"
  if [ "$replicas" -gt 1 ] && { [ "$name" = vitals-service ] || [ "$name" = alerting-service ]; }; then
    backends=()
    for ((i = 0; i < replicas; i++)); do
      letter=$(printf "\\$(printf '%03o' $((97 + i)))")
      instances+=("$name:$name-$letter:$((port + 10000 + 100 * i)):$((management_port + 10000 + 100 * i))")
      backends+=("$((port + 10000 + 100 * i))/$((management_port + 10000 + 100 * i))")
    done
    frontends+=("${name%-service}=$port:$(IFS=,; echo "${backends[*]}")")
  else
    instances+=("$name:$name:$port:$management_port")
  fi
done
kafka_ports=("$kafka_port" "$((kafka_port + 1))")
[ "$brokers" = 3 ] && kafka_ports=($(seq "$kafka_port" $((kafka_port + 5))))
version=$(sed -n 's:.*<version>\(.*-SNAPSHOT\)</version>.*:\1:p' pom.xml | head -1)
infra_jar="local-infrastructure/target/local-infrastructure-$version.jar"

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for port in "${kafka_ports[@]}" "$postgres_port" 8081 8082 8083 8084 $(for i in "${instances[@]}"; do IFS=: read -r _ _ p m <<< "$i"; echo "$p $m"; done); do
  if port_in_use "$port"; then
    echo "run-local: port $port is already in use (another stack running?); stop it or choose other ports" >&2
    exit 1
  fi
done

# Build what is missing (a full build with tests is the README's other command).
missing=false
[ -f "$infra_jar" ] || missing=true
for entry in "${services[@]}"; do [ -f "${entry%%:*}/target/quarkus-app/quarkus-run.jar" ] || missing=true; done
[ -d device-simulator/target/lib ] || missing=true
if $missing; then
  echo "Building the services (first run only; about 2 minutes)..."
  ./mvnw -B -q -DskipTests package
fi

$fresh && rm -rf "$data"
mkdir -p "$data/logs"
pids=()

stop_all() {
  trap - INT TERM EXIT
  echo
  echo "Stopping..."
  # Services first, so they do not log a missing broker; then the infrastructure.
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill -TERM "${pids[$i]}" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  echo "Stopped. Data kept in $data (use --fresh to wipe it)."
}
trap stop_all EXIT
trap 'exit 130' INT TERM

started=$(date +%s)
await_ready_line() { # log pid what
  until grep -q '^READY' "$1" 2>/dev/null; do
    if ! kill -0 "$2" 2>/dev/null; then
      echo "run-local: $3 did not start; see $1" >&2
      tail -20 "$1" >&2
      exit 1
    fi
    sleep 0.5
  done
}
cluster_args=()
bootstrap="127.0.0.1:$kafka_port"
if [ "$brokers" = 3 ]; then
  nodes="$kafka_port:$((kafka_port + 1)),$((kafka_port + 2)):$((kafka_port + 3)),$((kafka_port + 4)):$((kafka_port + 5))"
  bootstrap="127.0.0.1:$kafka_port,127.0.0.1:$((kafka_port + 2)),127.0.0.1:$((kafka_port + 4))"
  echo "Starting three Kafka brokers on 127.0.0.1:$kafka_port, $((kafka_port + 2)) and $((kafka_port + 4))..."
  broker_pids=()
  for node in 1 2 3; do
    # shellcheck disable=SC2086
    java ${JAVA_OPTS_BROKER:--Xmx256m} -cp "$infra_jar:local-infrastructure/target/lib/*" \
      care.ketamine.infrastructure.KafkaNode --data "$data/kafka-cluster" --node "$node" --nodes "$nodes" \
      > "$data/logs/kafka-$node.log" 2>&1 &
    pids+=($!)
    broker_pids+=($!)
  done
  for node in 1 2 3; do await_ready_line "$data/logs/kafka-$node.log" "${broker_pids[$((node - 1))]}" "Kafka broker $node"; done
  cluster_args=(--kafka-cluster "$bootstrap")
  echo "Starting PostgreSQL on 127.0.0.1:$postgres_port (data in $data)..."
else
  echo "Starting Kafka on 127.0.0.1:$kafka_port and PostgreSQL on 127.0.0.1:$postgres_port (data in $data)..."
fi
# shellcheck disable=SC2086
java ${JAVA_OPTS_INFRA:--Xmx384m} -cp "$infra_jar:local-infrastructure/target/lib/*" \
  care.ketamine.infrastructure.LocalInfrastructure --data "$data/infrastructure" \
  --kafka-port "$kafka_port" --postgres-port "$postgres_port" "${cluster_args[@]}" > "$data/logs/infrastructure.log" 2>&1 &
infra_pid=$!
pids+=($infra_pid)
await_ready_line "$data/logs/infrastructure.log" "$infra_pid" "the infrastructure"

# The console's demo staff (README: "The console"); a real deployment signs staff in through OIDC.
console_users="dr.rivera:clinician:Dr Alex Rivera;nurse.kim:on-call:Nurse Kim Lee;admin:admin:Admin"

# Fewer glibc malloc arenas (up to 8 per core by default): native memory the JVM does not need.
export MALLOC_ARENA_MAX=2
# The phones' app (session-service's /app) posts to vitals-service from session-service's origin; listening on
# every address, phones on the same network reach this machine by its first address.
app_host=$listen
[ "$listen" = 0.0.0.0 ] && app_host=$(hostname -I 2>/dev/null | awk '{print $1}')
app_host=${app_host:-127.0.0.1}
for entry in "${instances[@]}"; do
  IFS=: read -r name instance port management_port <<< "$entry"
  extra=()
  [ "$name" = intake-service ] && extra=(-Dintake.demo-data=true)
  [ "$name" = session-service ] && extra=("-Dconsole.demo-users=$console_users" -Dconsole.demo-password=demo
    "-Dsessions.vitals-url=http://$app_host:8083")
  [ "$name" = vitals-service ] && extra=("-Dquarkus.http.cors.origins=http://$app_host:8082")
  # shellcheck disable=SC2086
  java ${JAVA_OPTS_SERVICE:-@$root/deploy/local/service.jvm-options} \
    -Dquarkus.http.host="$listen" \
    -Dquarkus.http.port="$port" \
    -Dquarkus.management.port="$management_port" \
    -Dkafka.bootstrap.servers="$bootstrap" \
    -Dpostgres.port="$postgres_port" \
    -Dclinic.time-compression="$compression" \
    -Dquarkus.profile=local \
    -Djwt.public-key.location="file:$root/deploy/local/dev-keys/public.pem" \
    -Djwt.private-key.location="file:$root/deploy/local/dev-keys/private.pem" \
    "${extra[@]}" \
    -jar "$name/target/quarkus-app/quarkus-run.jar" > "$data/logs/$instance.log" 2>&1 &
  pids+=($!)
done

if [ "${#frontends[@]}" -gt 0 ]; then
  java -cp "$infra_jar:local-infrastructure/target/lib/*" care.ketamine.infrastructure.LoadBalancerConfig \
    "$data/haproxy.cfg" "${frontends[@]}"
  /usr/sbin/haproxy -db -f "$data/haproxy.cfg" > "$data/logs/haproxy.log" 2>&1 &
  pids+=($!)
fi

for entry in "${instances[@]}"; do
  IFS=: read -r name instance port management_port <<< "$entry"
  deadline=$(( $(date +%s) + 120 * replicas ))
  until curl -fs "http://127.0.0.1:$management_port/q/health/ready" > /dev/null; do
    if [ "$(date +%s)" -gt "$deadline" ]; then
      echo "run-local: $instance is not ready after $(( 120 * replicas )) s; see $data/logs/$instance.log" >&2
      exit 1
    fi
    sleep 0.5
  done
done

# Demo on-call rotations: Nurse Kim on tier 1 and Dr Rivera on tier 2, weekly from today (once).
admin_token=$("$root/deploy/local/dev-token" admin)
for rotation in "tier1-demo:1:nurse.kim" "tier2-demo:2:dr.rivera"; do
  IFS=: read -r id tier member <<< "$rotation"
  curl -s -o /dev/null -X POST http://127.0.0.1:8084/oncall/rotations -H "Authorization: Bearer $admin_token" \
    -H 'Content-Type: application/json' -d "{\"id\": \"$id\", \"tier\": $tier, \"members\": [\"$member\"], \"lengthDays\": 7,
    \"handoff\": \"00:00\", \"timezone\": \"UTC\", \"startsOn\": \"$(date -u +%F)\"}" || true
done

cat <<MSG

All four services are ready ($(( $(date +%s) - started )) s). Logs: $data/logs/
$( [ "$brokers" = 3 ] && echo "Kafka: three brokers, three copies of every partition (min.insync.replicas 2).")
$( [ "$replicas" -gt 1 ] && echo "vitals-service and alerting-service: $replicas instances each behind HAProxy (config: $data/haproxy.cfg).")

  intake-service    http://127.0.0.1:8081   (Swagger UI: /q/swagger-ui)
  session-service   http://127.0.0.1:8082   (console: /console, sign in as dr.rivera, nurse.kim or admin; password demo;
                                            the patients' and sitters' app: /app, paired from a session's page)
  vitals-service    http://127.0.0.1:8083
  alerting-service  http://127.0.0.1:8084
  Kafka             $bootstrap
  PostgreSQL        postgresql://postgres@127.0.0.1:$postgres_port/{intake,session,vitals,alerting}

OpenAPI: /q/openapi on each service's port above
Health and metrics (this machine only): http://127.0.0.1:PORT/q/health/ready and /q/metrics, PORT per instance:
 $(for i in "${instances[@]}"; do IFS=: read -r _ instance _ m <<< "$i"; printf ' %s %s' "${instance%-service*}${instance#*-service}" "$m"; done)
Tokens: deploy/local/dev-token ROLE [SESSION_ID]   (see README: "Try it")
Press Ctrl-C to stop.
MSG
if [ "$compression" != 1 ]; then
  echo "Clinical time is compressed ${compression}x (demonstration only): the monitoring floor, check-in cadence and"
  echo "missed-check-in limits are divided by $compression."
fi
if $demo; then
  echo
  echo "Demo: the device simulator runs 6 sessions (log: $data/logs/simulator.log). Watch them in the console as dr.rivera."
  "$root/deploy/local/simulate" --sessions 6 --mixed --clinician dr.rivera 2>&1 | tee "$data/logs/simulator.log" || true
  echo "Demo finished; the stack keeps running. Press Ctrl-C to stop."
fi
wait "$infra_pid"
