#!/usr/bin/env bash
# The whole test suite, on SQLite and on a real PostgreSQL server, from a fresh clone.
# Makes sure PostgreSQL is reachable first (starts the installed cluster, or installs one)
# and fails loudly rather than letting the PostgreSQL tests skip.
set -euo pipefail
cd "$(dirname "$0")/.."

PG_HOST=127.0.0.1
PG_PORT=5432

pg_up() { pg_isready -h "$PG_HOST" -p "$PG_PORT" -q 2>/dev/null; }

start_cluster() {
  local version
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
  [ -n "$version" ] || return 1
  echo "starting PostgreSQL $version cluster 'main'"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
}

install_postgres() {
  echo "PostgreSQL is not installed: installing it from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q postgresql postgresql-client
  start_cluster
  for _ in $(seq 1 30); do pg_up && break; sleep 1; done
  # A fresh cluster wants a password over TCP; the test URL below carries this one.
  su postgres -c "psql -q -c \"ALTER USER postgres PASSWORD 'postgres'\""
}

if ! command -v pg_isready >/dev/null 2>&1; then
  install_postgres
elif ! pg_up; then
  start_cluster || install_postgres
fi
for _ in $(seq 1 30); do pg_up && break; sleep 1; done
if ! pg_up; then
  echo "FATAL: no PostgreSQL server answers on $PG_HOST:$PG_PORT; the PostgreSQL tests cannot run" >&2
  exit 1
fi

# The browser tests drive Debian's Chromium (never a browser downloaded by Playwright), with the
# Noto CJK fonts so Chinese renders in screenshots instead of empty boxes.
install_chromium() {
  echo "Chromium is not installed: installing it from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q chromium fonts-noto-cjk
}

# grep reads all of fc-list's output: with -q it would stop early, fc-list would die of SIGPIPE, and
# pipefail would take that for a missing font and reinstall on every run.
if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null; then
  install_chromium || true
fi
if [ ! -x /usr/bin/chromium ]; then
  echo "FATAL: /usr/bin/chromium is missing and could not be installed; the browser tests cannot run" >&2
  exit 1
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'

export STARLEDGER_TEST_PG="${STARLEDGER_TEST_PG:-postgresql+psycopg2://postgres:postgres@$PG_HOST:$PG_PORT/postgres}"
# The layering first (pyproject.toml [tool.importlinter]): an import that points up or closes a
# loop fails the run here, in a second, before any test starts (set -e stops the script).
echo "lint-imports: the layering contracts of pyproject.toml"
.venv/bin/lint-imports
# Two workers (pytest-xdist) by default, one per core here: a test waits on PostgreSQL, a disk
# flush or a browser much of its time. STARLEDGER_TEST_WORKERS=0 runs in one process; every
# worker has its own PostgreSQL databases (uniquely named) and its own free ports. A test file
# stays on one worker (--dist loadfile): module fixtures (the demo, the permission matrix's
# shared servers, whose rows build on each other) are set up once, as in one process.
exec .venv/bin/python -m pytest -n "${STARLEDGER_TEST_WORKERS:-2}" --dist loadfile --durations=20 "$@"
