#!/usr/bin/env bash
# Sets up a running Payara Server 6 domain for procurement-cache and deploys the EAR:
#   1. the PostgreSQL JDBC driver into the domain's lib folder (asadmin add-library),
#   2. the connection pool procurement-cache-pool and the JDBC resource jdbc/procurement-cache;
#      the password is kept as a password alias, not in domain.xml nor on a command line,
#   3. the MicroProfile Config key mp.jwt.verify.publickey.location (domain config source),
#   4. EJB timers kept in the data grid (see below why),
#   5. one bounded managed executor each for the refresh, the cache recomputes and the webhooks,
#   6. the HTTP listener's header buffer and bodies on every method, as on Payara Micro,
#   7. the EAR, deployed as application procurement-cache (context root /).
# Running it again updates the settings and redeploys the EAR. See README.md next to it.
#
# Environment:
#   PAYARA_HOME        the Payara Server installation (the folder with bin/asadmin)
#   DB_URL             jdbc:postgresql://host:port/database
#   DB_USER            database user
#   DB_PASSWORD        its password; required (the pool refuses a user without one). With trust
#                      authentication any non-empty value does: PostgreSQL never asks for it.
#   MP_JWT_VERIFY_PUBLICKEY_LOCATION
#                      the token issuer's public key (PEM): file:///path/public.pem, a path, or
#                      an http(s) URL
#   POSTGRESQL_JAR     the PostgreSQL JDBC driver jar (org.postgresql:postgresql)
#   EAR                procurement-cache.ear
# asadmin reaches the domain through its usual variables: AS_ADMIN_HOST (default localhost),
# AS_ADMIN_PORT (default 4848), AS_ADMIN_USER, AS_ADMIN_PASSWORDFILE, AS_ADMIN_SECURE.
set -euo pipefail

fail() {
  echo "deploy.sh: $*" >&2
  exit 1
}

for name in PAYARA_HOME DB_URL DB_USER DB_PASSWORD MP_JWT_VERIFY_PUBLICKEY_LOCATION \
  POSTGRESQL_JAR EAR; do
  [ -n "${!name:-}" ] || fail "set $name (see server-config/server/README.md)"
done
[[ "$DB_URL" == jdbc:postgresql://* ]] || fail "DB_URL must be jdbc:postgresql://host:port/database"
for file in "$POSTGRESQL_JAR" "$EAR"; do
  [ -f "$file" ] || fail "no such file: $file"
done
ASADMIN="$PAYARA_HOME/bin/asadmin"
[ -x "$ASADMIN" ] || fail "no asadmin in $PAYARA_HOME/bin"

# MicroProfile JWT reads the key from a URL (or the class path): make a path a file: URL.
key_location=$MP_JWT_VERIFY_PUBLICKEY_LOCATION
case "$key_location" in
  http://* | https://*) ;;
  file:*)
    key_file=${key_location#file:}
    [ -f "${key_file#//}" ] || fail "no such key file: $key_location"
    ;;
  *)
    [ -f "$key_location" ] || fail "no such key file: $key_location"
    key_location="file://$(cd "$(dirname "$key_location")" && pwd)/$(basename "$key_location")"
    ;;
esac

POOL=procurement-cache-pool
RESOURCE=jdbc/procurement-cache
PASSWORD_ALIAS=procurement-cache-db-password
APP=procurement-cache
POOL_PROPERTY="resources.jdbc-connection-pool.$POOL.property"

asadmin() {
  echo "+ asadmin $*"
  "$ASADMIN" --interactive=false "$@"
}

listed() { # listed <list-command> <name>: whether the list command prints that name
  local list
  list=$("$ASADMIN" --interactive=false "$1")
  grep -qxF "$2" <<<"$list"
}

# 1. The driver: copied to <domain>/lib, where server-wide connection pools load it from.
asadmin add-library --type common "$POSTGRESQL_JAR"

# 2. The database password as a password alias. asadmin reads it from a password file (a Java
# properties file: backslashes doubled), which also carries the admin password, if any.
secret=$(mktemp)
trap 'rm -f "$secret"' EXIT
chmod 600 "$secret"
if [ -n "${AS_ADMIN_PASSWORDFILE:-}" ]; then
  grep -v '^AS_ADMIN_ALIASPASSWORD=' "$AS_ADMIN_PASSWORDFILE" >>"$secret" || true
fi
printf 'AS_ADMIN_ALIASPASSWORD=%s\n' "${DB_PASSWORD//\\/\\\\}" >>"$secret"
if listed list-password-aliases "$PASSWORD_ALIAS"; then
  asadmin --passwordfile "$secret" update-password-alias "$PASSWORD_ALIAS"
else
  asadmin --passwordfile "$secret" create-password-alias "$PASSWORD_ALIAS"
fi
rm -f "$secret"

# The pool. url, user and password go through `set`: create-jdbc-connection-pool --property
# splits values at ':', which a JDBC URL is full of.
if ! listed list-jdbc-connection-pools "$POOL"; then
  asadmin create-jdbc-connection-pool \
    --datasourceclassname org.postgresql.ds.PGSimpleDataSource --restype javax.sql.DataSource \
    --steadypoolsize 2 --maxpoolsize 32 --maxwait 10000 \
    --isconnectvalidatereq true --validationmethod custom-validation \
    --validationclassname org.glassfish.api.jdbc.validation.PostgresConnectionValidation \
    --failconnection true "$POOL"
fi
asadmin set "$POOL_PROPERTY.url=$DB_URL" "$POOL_PROPERTY.user=$DB_USER" \
  "$POOL_PROPERTY.password=\${ALIAS=$PASSWORD_ALIAS}"
# Bounded waits, as on Payara Micro (server-config/micro/post-boot-commands.asadmin says why).
asadmin set "$POOL_PROPERTY.connectTimeout=5" "$POOL_PROPERTY.loginTimeout=10" \
  "$POOL_PROPERTY.socketTimeout=360" "$POOL_PROPERTY.tcpKeepAlive=true"
asadmin ping-connection-pool "$POOL"
if ! listed list-jdbc-resources "$RESOURCE"; then
  asadmin create-jdbc-resource --connectionpoolid "$POOL" "$RESOURCE"
fi

# 3. The token key, as a domain-wide MicroProfile Config value (no restart needed).
asadmin set-config-property --source domain \
  --propertyName mp.jwt.verify.publickey.location --propertyValue "$key_location"

# 4. EJB timers on the data grid, as on Payara Micro. The application's timers are
# non-persistent (PostgreSQL decides who refreshes), so the default database timer store is not
# needed; and that default makes the server deploy its timer service application in the middle
# of this application's deployment, after which the web module's @RolesAllowed checks are
# silently not installed (the API answers without a token).
asadmin set configs.config.server-config.ejb-container.ejb-timer-service.ejb-timer-service=DataGrid

# 5. One bounded executor per kind of background work, so that a hung webhook receiver or a flood
# of cache recomputes cannot starve the refresh (the same as server-config/micro/
# post-boot-commands.asadmin, which says why these sizes).
executor() { # executor <jndi-name> <queue capacity> [more options]
  local name=$1 queue=$2
  shift 2
  if ! listed list-managed-executor-services "$name"; then
    asadmin create-managed-executor-service --corepoolsize 2 --maximumpoolsize 2 \
      --taskqueuecapacity "$queue" "$@" "$name"
  fi
}
executor concurrent/procurement-cache-refresh 8 --longrunningtasks true
executor concurrent/procurement-cache-recompute 1024
executor concurrent/procurement-cache-webhooks 4

# 6. The HTTP listener (http-listener-1 on Payara Server): a 32 KiB buffer for the request line and
# headers, so that a large Authorization header gets the application's 401 problem rather than
# the listener's empty 400, and a body on GET, HEAD, DELETE or OPTIONS let through to the
# application (docs/operations.md, "Errors").
HTTP="configs.config.server-config.network-config.protocols.protocol.http-listener-1.http"
asadmin set "$HTTP.header-buffer-length-bytes=32768" \
  "$HTTP.allow-payload-for-undefined-http-methods=true"

# 7. The application; it applies its database migrations while it deploys.
asadmin deploy --force true --name "$APP" "$EAR"
echo "deploy.sh: $APP deployed; GET /health/ready on the HTTP port says when it is ready."
