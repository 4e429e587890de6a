# Source me: starts a throwaway PostgreSQL cluster and exports
# NEWSCHECK_TEST_POSTGRES_URL for the store and API tests.
#
#   source .ci/postgres.sh      # idempotent: reuses a running cluster
#
# Installs Debian's `postgresql` package if no server binaries are found (needs
# root and apt). The cluster lives in $NEWSCHECK_PG_DIR (default
# /tmp/newscheck-pg), listens only on a Unix socket in that directory (no TCP
# port, so parallel checkouts cannot collide), trusts local connections and runs
# with fsync off: it is for tests only. Run as root, the server runs as the
# `postgres` user. Stop it with: pg_ctl -D "$NEWSCHECK_PG_DIR/data" stop

_newscheck_pg() {
    local dir="${NEWSCHECK_PG_DIR:-/tmp/newscheck-pg}"
    local bindir
    bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
            echo "postgres.sh: installing Debian postgresql" >&2
            DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null \
                || { apt-get update -q >/dev/null &&
                     DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null; } \
                || { echo "postgres.sh: cannot install postgresql" >&2; return 1; }
            bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
        else
            echo "postgres.sh: no PostgreSQL server found (apt-get install postgresql)" >&2
            return 1
        fi
    fi
    local as=()
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || useradd --system --home-dir "$dir" postgres
        as=(runuser -u postgres --)
    fi
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    chmod 700 "$dir"
    if [ ! -s "$dir/data/PG_VERSION" ]; then
        "${as[@]}" "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 \
            --no-locale >"$dir/initdb.log" 2>&1 \
            || { echo "postgres.sh: initdb failed, see $dir/initdb.log" >&2; return 1; }
    fi
    if ! "${as[@]}" "$bindir/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
        "${as[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
            -o "-c listen_addresses='' -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
            start >/dev/null \
            || { echo "postgres.sh: server did not start, see $dir/server.log" >&2; return 1; }
    fi
    NEWSCHECK_TEST_POSTGRES_URL="postgresql://postgres@/postgres?host=$dir"
    export NEWSCHECK_TEST_POSTGRES_URL
    echo "NEWSCHECK_TEST_POSTGRES_URL=$NEWSCHECK_TEST_POSTGRES_URL"
}

_newscheck_pg
unset -f _newscheck_pg
