#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests of the `postgres` feature: PostgreSQL from
# Debian's packages, a cluster made with initdb in a temporary directory, listening only on a
# Unix socket inside that directory (no TCP port), run as an unprivileged user (PostgreSQL
# refuses to run as root), stopped and removed at the end.
#
#   bash scripts/postgres.sh install          apt-get install -y postgresql, unless initdb is there
#   bash scripts/postgres.sh run CMD [ARG…]   start a server, run CMD with SPFILTER_TEST_POSTGRES
#                                             set to its URL, stop the server; CMD's exit status
#   bash scripts/postgres.sh start-for PID    start a server that stops by itself once process
#                                             PID has exited; prints its URL (what the tests do
#                                             when SPFILTER_TEST_POSTGRES is not set)
#   bash scripts/postgres.sh own-for PID      the same, but prints the server's directory first,
#                                             then its URL: for a test that stops and starts it
#   bash scripts/postgres.sh ctl DIR ARG…     pg_ctl ARG… on the server in DIR (as its owner):
#                                             `ctl DIR stop -m fast`, `ctl DIR start`
#
# The README's test command is `bash scripts/postgres.sh run cargo test --all-features`, and
# .ci/run runs that command.
set -euo pipefail

say() { printf 'postgres.sh: %s\n' "$*" >&2; }

# The directory of initdb, pg_ctl and postgres: the newest installed version.
bindir() {
    # `return 0`, not `return`: in the EXIT trap a bare `return` gives the status the script
    # exits with, and `stop` would then leave the server running.
    if command -v pg_config >/dev/null 2>&1 && [[ -x "$(pg_config --bindir)/initdb" ]]; then
        pg_config --bindir
        return 0
    fi
    local dir
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    if [[ -n "$dir" && -x "$dir/initdb" ]]; then
        printf '%s\n' "$dir"
        return 0
    fi
    command -v initdb >/dev/null 2>&1 && dirname "$(command -v initdb)" && return 0
    return 1
}

install() {
    if bindir >/dev/null; then
        return
    fi
    if [[ "$(id -u)" -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
        say "PostgreSQL is not installed: install Debian's package postgresql (as root: bash scripts/postgres.sh install)"
        exit 1
    fi
    say "installing PostgreSQL from Debian's packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q postgresql >&2 || { apt-get update -q >&2 && apt-get install -y -q postgresql >&2; }
    bindir >/dev/null || { say "postgresql installed, but initdb is not found"; exit 1; }
}

# Runs a command as the server's user: `postgres` when we are root, else ourselves.
as_owner() {
    if [[ "$(id -u)" -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# An installed UTF-8 locale whose collation is not code-point order (not C, POSIX or
# C.UTF-8), or nothing.
linguistic_locale() {
    locale -a 2>/dev/null | grep -iE '\.utf-?8$' | grep -viE '^c\.' | head -n 1 || true
}

# Starts a server in a new temporary directory; prints the directory, then the URL.
start() {
    local bin dir
    bin="$(bindir)" || { say "PostgreSQL is not installed: bash scripts/postgres.sh install"; exit 1; }
    dir="$(mktemp -d "${TMPDIR:-/tmp}/spfilter-pg.XXXXXX")"
    if [[ "$(id -u)" -eq 0 ]]; then
        id postgres >/dev/null 2>&1 || { say "no user postgres to run the server as"; exit 1; }
        chown postgres: "$dir"
    fi
    chmod 700 "$dir"
    # The default collation is ICU's en-US, not code-point order, so that the tests show the
    # translation's own `COLLATE "C"` at work: tests/sql/mapped.rs makes tables in the default
    # collation, and fail when it is byte order. Debian's PostgreSQL is built with ICU; where it
    # is not, an installed UTF-8 locale other than C is the default instead, with a warning;
    # with neither, the cluster is plain C, and the warning says which tests will fail.
    if ! as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-sync \
        --locale=C.UTF-8 --locale-provider=icu --icu-locale=en-US >"$dir/initdb.log" 2>&1; then
        rm -rf "$dir/data"
        say "warning: initdb cannot make a cluster whose default collation is ICU's en-US (is PostgreSQL built without ICU?): $(tail -n 1 "$dir/initdb.log")"
        local locale
        locale="$(linguistic_locale)"
        if [[ -n "$locale" ]]; then
            say "warning: the default collation is the locale $locale instead"
        else
            locale=C
            say "warning: no UTF-8 locale but C is installed (locale -a): the default collation is byte order, and the tests of tables in it (tests/sql/mapped.rs) will fail"
        fi
        as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-sync \
            --locale="$locale" >>"$dir/initdb.log" 2>&1 \
            || { cat "$dir/initdb.log" >&2; rm -rf "$dir"; exit 1; }
    fi
    # Durability is not wanted of a throwaway server: no fsync.
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses='' -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null \
        || { cat "$dir/server.log" >&2; rm -rf "$dir"; exit 1; }
    printf '%s\n' "$dir"
    # The socket's directory, percent-encoded, as the host of the URL.
    printf 'postgresql://postgres@%s/postgres\n' "${dir//\//%2F}"
}

stop() {
    local dir="$1" bin
    bin="$(bindir)" || return 0
    if [[ -d "$dir/data" ]]; then
        as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
}

case "${1:-}" in
    install)
        install
        ;;
    run)
        shift
        [[ $# -gt 0 ]] || { say "usage: bash scripts/postgres.sh run CMD [ARG…]"; exit 2; }
        install
        { read -r dir; read -r url; } < <(start)
        trap 'stop "$dir"' EXIT
        say "server at $url"
        status=0
        SPFILTER_TEST_POSTGRES="$url" "$@" || status=$?
        exit "$status"
        ;;
    start-for|own-for)
        pid="${2:?usage: bash scripts/postgres.sh $1 PID}"
        { read -r dir; read -r url; } < <(start)
        # Stops the server once the process that asked for it is gone.
        nohup bash -c "while kill -0 $pid 2>/dev/null; do sleep 1; done; $(declare -f bindir as_owner stop); stop '$dir'" \
            >/dev/null 2>&1 </dev/null &
        [[ "$1" == own-for ]] && printf '%s\n' "$dir"
        printf '%s\n' "$url"
        ;;
    ctl)
        dir="${2:?usage: bash scripts/postgres.sh ctl DIR ARG…}"
        shift 2
        bin="$(bindir)" || { say "PostgreSQL is not installed"; exit 1; }
        # The server keeps the options it was started with (the socket in DIR, no TCP port).
        if [[ "${1:-}" == start || "${1:-}" == restart ]]; then
            set -- "$@" -w -t 60 -l "$dir/server.log" \
                -o "-c listen_addresses='' -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        fi
        as_owner "$bin/pg_ctl" -D "$dir/data" "$@" >/dev/null
        ;;
    *)
        say "usage: bash scripts/postgres.sh install | run CMD [ARG…] | start-for PID | own-for PID | ctl DIR ARG…"
        exit 2
        ;;
esac
