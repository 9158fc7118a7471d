#!/usr/bin/env bash
# Starts one Payara Micro node with the procurement-cache WAR (build it first: ./mvnw package).
#
#   server-config/micro/start-node.sh NAME HTTP_PORT [MEMBERS] [-- MICRO_OPTION ...]
#
# MEMBERS: the data grid's members on this host, e.g. 127.0.0.1:6900,127.0.0.1:6901 for two
# nodes (default: 127.0.0.1:6900, a grid of one). Hazelcast runs in TCP/IP mode, so a node never
# joins another on the network by multicast; each node takes the next free port from 6900
# (another start with --startport, e.g. -- --startport 6920 with MEMBERS 127.0.0.1:6920).
# Options after -- go to Payara Micro as they are, e.g. --deploy of a further WAR.
#
# Environment: DB_URL, DB_USER, DB_PASSWORD (unset it with trust authentication: the pool
# refuses an empty password), MP_JWT_VERIFY_PUBLICKEY_LOCATION (the token issuer's public key),
# and optionally NODE_ROOT (default .run/node-NAME: the node's working folder, wiped at start) and
# NODE_JVM_OPTIONS (the JVM's options; default -XX:+UseParallelGC: on a node of a few cores the
# parallel collector's cheaper write barriers and lack of concurrent GC threads leave more of the
# CPU to requests than G1, most of all while the JIT is still warming up; docs/benchmarks.md).
#
# Remote JMX is off unless JMX_PORT is set; then the JDK's JMX connector (RMI) listens on that one
# port (registry and connector alike, so that one port passes a firewall or an SSH tunnel) and
# asks for a password: JMX_PASSWORD_FILE (lines "user password"; readable by its owner only, else
# the JVM refuses to start) and JMX_ACCESS_FILE (lines "user readonly|readwrite") are required.
# JMX_HOST (default 127.0.0.1) is the address it listens on and the host name it gives clients.
# Without TLS it listens on loopback only; JMX_TLS_CONFIG_FILE (a properties file naming
# javax.net.ssl.keyStore and javax.net.ssl.keyStorePassword) turns TLS on, for registry and
# connector, and allows any JMX_HOST (docs/operations.md, "Remote JMX").
set -euo pipefail
cd "$(dirname "$0")/../.."

usage="usage: start-node.sh NAME HTTP_PORT [MEMBERS] [-- MICRO_OPTION ...]"
name=${1:?$usage}
port=${2:?$usage}
shift 2
members=127.0.0.1:6900
if [ $# -gt 0 ] && [ "$1" != -- ]; then
  members=$1
  shift
fi
if [ $# -gt 0 ]; then
  [ "$1" = -- ] || { echo "$usage" >&2; exit 2; }
  shift
fi
root=${NODE_ROOT:-.run/node-$name}

: "${DB_URL:?set DB_URL, e.g. jdbc:postgresql://localhost:5432/procurement_cache}"
: "${DB_USER:?set DB_USER}"
: "${MP_JWT_VERIFY_PUBLICKEY_LOCATION:?set MP_JWT_VERIFY_PUBLICKEY_LOCATION, e.g. file:///path/public.pem}"

jmx_options=()
if [ -n "${JMX_PORT:-}" ]; then
  : "${JMX_PASSWORD_FILE:?JMX_PORT needs JMX_PASSWORD_FILE (lines: user password; mode 600)}"
  : "${JMX_ACCESS_FILE:?JMX_PORT needs JMX_ACCESS_FILE (lines: user readonly or user readwrite)}"
  jmx_host=${JMX_HOST:-127.0.0.1}
  jmx=com.sun.management.jmxremote
  jmx_options=(
    "-D$jmx.port=$JMX_PORT" "-D$jmx.rmi.port=$JMX_PORT"
    "-D$jmx.host=$jmx_host" "-Djava.rmi.server.hostname=$jmx_host"
    "-D$jmx.authenticate=true"
    "-D$jmx.password.file=$JMX_PASSWORD_FILE" "-D$jmx.access.file=$JMX_ACCESS_FILE"
  )
  if [ -n "${JMX_TLS_CONFIG_FILE:-}" ]; then
    jmx_options+=("-D$jmx.ssl=true" "-D$jmx.registry.ssl=true" "-D$jmx.ssl.config.file=$JMX_TLS_CONFIG_FILE")
  else
    case $jmx_host in
      127.* | localhost | ::1) ;;
      *)
        echo "start-node.sh: JMX without TLS sends passwords in clear: it listens on loopback only." >&2
        echo "  Set JMX_TLS_CONFIG_FILE, or reach 127.0.0.1:$JMX_PORT through an SSH tunnel." >&2
        exit 2
        ;;
    esac
    jmx_options+=("-D$jmx.ssl=false" "-D$jmx.registry.ssl=false")
  fi
fi

rm -rf "$root"
mkdir -p "$root"
# shellcheck disable=SC2086 # NODE_JVM_OPTIONS holds several options
exec java ${NODE_JVM_OPTIONS--XX:+UseParallelGC} ${jmx_options[@]+"${jmx_options[@]}"} -jar web/target/payara/payara-micro.jar \
  --deploy web/target/procurement-cache.war --contextroot / \
  --name "$name" --port "$port" \
  --rootdir "$root" --nohostaware \
  --clustermode "tcpip:$members" \
  --prebootcommandfile server-config/micro/pre-boot-commands.asadmin \
  --postbootcommandfile server-config/micro/post-boot-commands.asadmin \
  --addlibs web/target/payara/lib/postgresql.jar \
  "$@"
