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

rm -rf "$root"
mkdir -p "$root"
# shellcheck disable=SC2086 # NODE_JVM_OPTIONS holds several options
exec java ${NODE_JVM_OPTIONS--XX:+UseParallelGC} -jar web/target/payara/payara-micro.jar \
  --deploy web/target/procurement-cache.war --contextroot / \
  --name "$name" --port "$port" \
  --rootdir "$root" --nohostaware \
  --clustermode "tcpip:$members" \
  --prebootcommandfile server-config/micro/pre-boot-commands.asadmin \
  --postbootcommandfile server-config/micro/post-boot-commands.asadmin \
  --addlibs web/target/payara/lib/postgresql.jar \
  "$@"
