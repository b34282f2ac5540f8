#!/usr/bin/env bash
# A MongoDB-protocol server (mongo-java-server 1.46, in-memory) on 127.0.0.1, from Maven Central jars;
# no Docker. Nothing is kept between starts.
#   infra/mongo.sh start    prints LANDCASE_TEST_MONGO=mongodb://127.0.0.1:<port> once it answers a ping
#   infra/mongo.sh stop     stops the server started from the same LANDCASE_INFRA_DIR
#   infra/mongo.sh status   exit 0 when running, 3 when not
#   infra/mongo.sh fetch    only fill the cache (jars, compiled helpers)
# Port: LANDCASE_MONGO_PORT (default 27099).
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

fetch_libs() { lc_fetch_libs mongo "$LC_HOME/mongo/pom.xml"; }
compile() { lc_classes mongo "$1" "$LC_HOME/mongo/MongoMain.java" "$LC_HOME/mongo/MongoPing.java"; }
fetch() {
  local libs
  libs=$(fetch_libs)
  compile "$libs" >/dev/null
}

start_server() {
  local libs classes port dir="$LC_STATE/mongo" pid
  libs=$(fetch_libs)
  classes=$(compile "$libs")
  port=$(lc_port_for mongo LANDCASE_MONGO_PORT 27099 1)

  rm -rf "$dir"
  mkdir -p "$dir"
  lc_spawn "$dir/pid" "$dir/mongo.log" java -Xmx512m -Djava.awt.headless=true \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$classes:$libs/*" \
    MongoMain "$port" 127.0.0.1
  pid=$(<"$dir/pid")
  lc_wait_ready mongo "$pid" "$dir/mongo.log" MongoMain \
    java "${LC_QUICK_JVM[@]}" -Dorg.slf4j.simpleLogger.defaultLogLevel=off -cp "$classes:$libs/*" \
    MongoPing "$port" "$LC_TIMEOUT" "$pid"
  echo "LANDCASE_TEST_MONGO=mongodb://127.0.0.1:$port" >"$dir/env"
}

lc_main mongo MongoMain "$@"
