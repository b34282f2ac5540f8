# shellcheck shell=bash
# Shared by kafka.sh, mongo.sh and with-servers.sh (sourced, not run).
#
# Jars are cached outside the repository, once per pom.xml content, so a second start needs no
# network and no Maven. Run state (pid files, data, logs) lives in a scratch directory.

LC_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LC_CACHE=${LANDCASE_CACHE:-$HOME/.cache/landcase}
LC_STATE=${LANDCASE_INFRA_DIR:-/tmp/landcase-infra}
# Seconds a server may take to answer after it is launched (a cold JVM on 2 busy cores is slow).
LC_TIMEOUT=${LANDCASE_INFRA_TIMEOUT:-120}
# Pinned so that a fresh machine resolves the same plugin as a warm one.
LC_DEPENDENCY_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.8.1

lc_log() { printf '[infra] %s\n' "$*" >&2; }
lc_die() {
  printf '[infra] error: %s\n' "$*" >&2
  exit 1
}

# Prints why this machine cannot run the servers from jars, or nothing when it can.
lc_java_problem() {
  [[ -n ${LC_JAVA_OK:-} ]] && return 0
  if ! command -v java >/dev/null 2>&1; then
    echo 'java is not installed'
    return 0
  fi
  local version major
  version=$(java -version 2>&1 | awk -F '"' '/version/ && !seen++ { print $2 }')
  major=${version%%.*}
  [[ $major == 1 ]] && major=$(cut -d . -f 2 <<<"$version") # 1.8.0 is Java 8
  if ! [[ $major =~ ^[0-9]+$ ]] || ((major < 17)); then
    echo "java ${version:-of unknown version} is too old (17 or newer is needed)"
    return 0
  fi
  # The small Java helpers (MongoMain, the readiness probes) are compiled on first use.
  if ! command -v javac >/dev/null 2>&1; then
    echo 'javac is not installed (a JDK is needed, not only a JRE)'
  fi
}

lc_require_java() {
  local problem
  problem=$(lc_java_problem)
  [[ -z $problem ]] || lc_die "$problem. Install a JDK 17 and Maven (Debian/Ubuntu: apt-get install -y openjdk-17-jdk-headless maven), or run the servers in Docker: LANDCASE_USE_DOCKER=1"
  export LC_JAVA_OK=1
}

lc_require_mvn() {
  command -v mvn >/dev/null 2>&1 ||
    lc_die "mvn (Maven) is not installed; it fetches the server jars once into $LC_CACHE. Debian/Ubuntu: apt-get install -y maven"
}

# lc_fetch_libs NAME POM: prints the directory holding the runtime jars of POM, fetching them on first use.
lc_fetch_libs() {
  local name=$1 pom=$2 hash dir
  hash=$(cksum <"$pom" | cut -d ' ' -f 1)
  dir="$LC_CACHE/$name-$hash"
  if [[ ! -f $dir/complete ]]; then
    mkdir -p "$LC_CACHE"
    (
      # Two runs starting at once must not both write the same cache directory.
      flock 9
      [[ -f $dir/complete ]] && exit 0
      lc_require_mvn
      rm -rf "$dir"
      mkdir -p "$dir"
      local args=(-B -f "$pom" "$LC_DEPENDENCY_PLUGIN:copy-dependencies"
        -DoutputDirectory="$dir/libs" -DincludeScope=runtime)
      # Offline first: with the jars already in ~/.m2 this needs no network at all.
      if ! mvn -o -q "${args[@]}" >"$dir/mvn.log" 2>&1; then
        lc_log "fetching the $name jars from Maven Central into $dir (once)"
        if ! mvn "${args[@]}" >"$dir/mvn.log" 2>&1; then
          tail -n 30 "$dir/mvn.log" >&2
          lc_die "Maven could not fetch the $name jars (full log: $dir/mvn.log)"
        fi
      fi
      touch "$dir/complete"
    ) 9>"$LC_CACHE/$name.lock" || exit 1
  fi
  echo "$dir/libs"
}

# lc_classes NAME LIBS SOURCE...: prints a directory holding the compiled SOURCE files (compiled once per
# content, against the jars in LIBS), so that no start pays for the compiler again.
lc_classes() {
  local name=$1 libs=$2 hash dir
  shift 2
  hash=$(cat "$@" | cksum | cut -d ' ' -f 1)
  dir="$LC_CACHE/$name-classes-$hash"
  if [[ ! -f $dir/complete ]]; then
    mkdir -p "$LC_CACHE"
    (
      flock 9
      [[ -f $dir/complete ]] && exit 0
      rm -rf "$dir"
      mkdir -p "$dir"
      javac -nowarn -d "$dir" -cp "$libs/*" "$@" >&2 || lc_die "could not compile $*"
      touch "$dir/complete"
    ) 9>"$LC_CACHE/$name.lock" || exit 1
  fi
  echo "$dir"
}

# JVM options for the short-lived helpers: the quick compiler only, and the smallest collector.
LC_QUICK_JVM=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC)

# True when something accepts connections on 127.0.0.1:PORT.
lc_port_busy() {
  timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

# lc_free_ports FIRST COUNT: prints the lowest port >= FIRST such that COUNT consecutive ports are free.
lc_free_ports() {
  local first=$1 count=$2 port i
  for ((port = first; port < first + 1000; port += count)); do
    for ((i = 0; i < count; i++)); do
      lc_port_busy $((port + i)) && continue 2
    done
    echo "$port"
    return 0
  done
  lc_die "no $count free consecutive ports between $first and $((first + 1000))"
}

# lc_alive PID: the process exists and is not a zombie.
lc_alive() {
  local stat
  stat=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
  [[ -n $stat && $stat != Z* ]]
}

# lc_pid_of NAME MARKER: prints the pid of our running server NAME (its command line contains MARKER).
lc_pid_of() {
  local file="$LC_STATE/$1/pid" pid
  [[ -f $file ]] || return 1
  pid=$(<"$file")
  lc_alive "$pid" || return 1
  [[ $(ps -ww -o args= -p "$pid" 2>/dev/null) == *"$2"* ]] || return 1
  echo "$pid"
}

# lc_spawn PIDFILE LOG COMMAND...: starts COMMAND in the background as the leader of its own process
# group (job control on), so that stopping it reaches every process it forked, and a CTRL-C meant for
# the tests does not reach it.
lc_spawn() {
  local pidfile=$1 log=$2
  shift 2
  (
    set -m
    "$@" >"$log" 2>&1 </dev/null &
    echo $! >"$pidfile"
  )
}

# lc_stop NAME MARKER: stops our server NAME and waits for it; does nothing when it is not running.
lc_stop() {
  local name=$1 marker=$2 pid i
  if ! pid=$(lc_pid_of "$name" "$marker"); then
    rm -f "$LC_STATE/$name/pid" "$LC_STATE/$name/env"
    lc_log "$name is not running"
    return 0
  fi
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 150; i++)); do
    lc_alive "$pid" || break
    sleep 0.1
  done
  if lc_alive "$pid"; then
    lc_log "$name (pid $pid) ignored SIGTERM for 15 s; killing it"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
      lc_alive "$pid" || break
      sleep 0.1
    done
  fi
  rm -f "$LC_STATE/$name/pid" "$LC_STATE/$name/env"
  lc_log "$name stopped (pid $pid)"
}

# lc_status NAME MARKER: exit 0 and the address when running, exit 3 when not (as LSB init scripts do).
lc_status() {
  local pid
  if pid=$(lc_pid_of "$1" "$2"); then
    echo "$1 running (pid $pid): $(cat "$LC_STATE/$1/env" 2>/dev/null) — log $LC_STATE/$1/$1.log"
    return 0
  fi
  echo "$1 not running"
  return 3
}

# lc_port_for NAME VAR DEFAULT COUNT: the port to listen on. A port set explicitly in VAR must be free;
# otherwise DEFAULT, or the next free block of COUNT ports when something else holds DEFAULT.
lc_port_for() {
  local name=$1 var=$2 default=$3 count=$4 port
  port=${!var:-}
  if [[ -n $port ]]; then
    lc_port_busy "$port" &&
      lc_die "port $port ($var) is in use by a process that infra/$name.sh did not start in $LC_STATE; stop it or set $var to a free port"
    echo "$port"
    return 0
  fi
  port=$(lc_free_ports "$default" "$count")
  [[ $port == "$default" ]] || lc_log "port $default is in use by another process; $name takes $port"
  echo "$port"
}

# lc_wait_ready NAME PID LOG COMMAND...: runs the readiness probe COMMAND; on failure shows the log and
# stops the server.
lc_wait_ready() {
  local name=$1 pid=$2 log=$3 marker=$4
  shift 4
  if ! "$@" >&2; then
    lc_log "$name did not become ready; last lines of $log:"
    tail -n 40 "$log" >&2
    lc_stop "$name" "$marker"
    exit 1
  fi
}

# lc_main NAME MARKER ARGS...: the start|stop|status|fetch dispatcher of kafka.sh and mongo.sh, which
# define start_server and fetch (jars and compiled helpers).
lc_main() {
  local name=$1 marker=$2
  shift 2
  case ${1:-} in
  start)
    lc_require_java
    local pid
    if pid=$(lc_pid_of "$name" "$marker"); then
      lc_log "$name is already running (pid $pid)"
      cat "$LC_STATE/$name/env"
      return 0
    fi
    local started=$SECONDS
    start_server
    lc_log "$name ready in $((SECONDS - started)) s (state and log in $LC_STATE/$name)"
    cat "$LC_STATE/$name/env"
    ;;
  stop) lc_stop "$name" "$marker" ;;
  status) lc_status "$name" "$marker" ;;
  fetch)
    lc_require_java
    fetch
    ;;
  *)
    echo "usage: infra/$name.sh start|stop|status|fetch" >&2
    echo "  start prints LANDCASE_TEST_${name^^}=<address> on stdout once the server answers" >&2
    return 2
    ;;
  esac
}
