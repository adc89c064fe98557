#!/usr/bin/env bash
# The whole system on this machine: a real Kafka broker and PostgreSQL (no Docker), then the
# four services as separate processes. Ctrl-C stops everything cleanly.
#
#   ./run-local.sh [--fresh] [--demo] [--time-compression F] [--kafka-port N] [--postgres-port N] [--data DIR]
#
#   --fresh             wipe the data folder first (default .local/, kept between runs)
#   --demo              once ready, run the device simulator: 6 sessions for dr.rivera and others,
#                       one clean and one per anomaly, with clinical time 30x faster (a 2-hour session
#                       in about 4 minutes); watch them in the console. Implies --time-compression 30.
#   --time-compression  divide the clinical protocol's durations by F (default 1; demonstrations only)
#   --kafka-port        broker port (default 9092; the controller takes the next one)
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
while [ $# -gt 0 ]; do
  case $1 in
    --fresh) fresh=true; shift ;;
    --demo) demo=true; shift ;;
    --time-compression) compression=${2:?}; shift 2 ;;
    --kafka-port) kafka_port=${2:?}; shift 2 ;;
    --postgres-port) postgres_port=${2:?}; shift 2 ;;
    --listen) listen=${2:?}; shift 2 ;;
    --data) data=$(mkdir -p "$2" && cd "$2" && pwd); shift 2 ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run-local: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done

if $demo && [ -z "$compression" ]; then compression=30; fi
compression=${compression:-1}

# name:public port:management port (health and metrics, 127.0.0.1 only; service-platform's shared config)
services=(intake-service:8081:9081 session-service:8082:9082 vitals-service:8083:9083 alerting-service:8084:9084)
version=$(sed -n 's:.*<version>\(.*-SNAPSHOT\)</version>.*:\1:p' pom.xml | head -1)
infra_jar="local-infrastructure/target/local-infrastructure-$version.jar"

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for port in "$kafka_port" "$((kafka_port + 1))" "$postgres_port" 8081 8082 8083 8084 9081 9082 9083 9084; do
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
echo "Starting Kafka on 127.0.0.1:$kafka_port and PostgreSQL on 127.0.0.1:$postgres_port (data in $data)..."
# shellcheck disable=SC2086
java ${JAVA_OPTS_INFRA:--Xmx384m} -cp "$infra_jar:local-infrastructure/target/lib/*" \
  care.ketamine.infrastructure.LocalInfrastructure --data "$data/infrastructure" \
  --kafka-port "$kafka_port" --postgres-port "$postgres_port" > "$data/logs/infrastructure.log" 2>&1 &
pids+=($!)
until grep -q '^READY' "$data/logs/infrastructure.log" 2>/dev/null; do
  if ! kill -0 "${pids[0]}" 2>/dev/null; then
    echo "run-local: the infrastructure did not start; see $data/logs/infrastructure.log" >&2
    tail -20 "$data/logs/infrastructure.log" >&2
    exit 1
  fi
  sleep 0.5
done

# The console's demo staff (README: "The console"); a real deployment signs staff in through OIDC.
console_users="dr.rivera:clinician:Dr Alex Rivera;nurse.kim:on-call:Nurse Kim Lee;admin:admin:Admin"

# Fewer glibc malloc arenas (up to 8 per core by default): native memory the JVM does not need.
export MALLOC_ARENA_MAX=2
# The phones' app (session-service's /app) posts to vitals-service from session-service's origin; listening on
# every address, phones on the same network reach this machine by its first address.
app_host=$listen
[ "$listen" = 0.0.0.0 ] && app_host=$(hostname -I 2>/dev/null | awk '{print $1}')
app_host=${app_host:-127.0.0.1}
for entry in "${services[@]}"; do
  IFS=: read -r name port management_port <<< "$entry"
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
    -Dkafka.bootstrap.servers="127.0.0.1:$kafka_port" \
    -Dpostgres.port="$postgres_port" \
    -Dclinic.time-compression="$compression" \
    -Dquarkus.profile=local \
    -Djwt.public-key.location="file:$root/deploy/local/dev-keys/public.pem" \
    -Djwt.private-key.location="file:$root/deploy/local/dev-keys/private.pem" \
    "${extra[@]}" \
    -jar "$name/target/quarkus-app/quarkus-run.jar" > "$data/logs/$name.log" 2>&1 &
  pids+=($!)
done

for entry in "${services[@]}"; do
  IFS=: read -r name port management_port <<< "$entry"
  deadline=$(( $(date +%s) + 120 ))
  until curl -fs "http://127.0.0.1:$management_port/q/health/ready" > /dev/null; do
    if [ "$(date +%s)" -gt "$deadline" ]; then
      echo "run-local: $name is not ready after 120 s; see $data/logs/$name.log" >&2
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

  intake-service    http://127.0.0.1:8081   (Swagger UI: /q/swagger-ui)
  session-service   http://127.0.0.1:8082   (console: /console, sign in as dr.rivera, nurse.kim or admin; password demo;
                                            the patients' and sitters' app: /app, paired from a session's page)
  vitals-service    http://127.0.0.1:8083
  alerting-service  http://127.0.0.1:8084
  Kafka             127.0.0.1:$kafka_port
  PostgreSQL        postgresql://postgres@127.0.0.1:$postgres_port/{intake,session,vitals,alerting}

OpenAPI: /q/openapi on each service's port above
Health and metrics (this machine only): http://127.0.0.1:9081-9084/q/health/ready and /q/metrics
  (intake 9081, session 9082, vitals 9083, alerting 9084)
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
wait "${pids[0]}"
