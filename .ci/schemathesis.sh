#!/usr/bin/env bash
# Fuzz the running API against its own OpenAPI schema: gunicorn on loopback, a throw-away
# PostgreSQL database with demo data, an integration key and a staff session's view of the
# schema. Fails on any 5xx, any response that does not match the schema, and any status code
# the schema does not document.
set -euo pipefail
cd "$(dirname "$0")/.."
source bin/_ensure_uv.sh

ADMIN_URL="${SCHEMATHESIS_ADMIN_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/factcheck_schemathesis"
export DJANGO_SETTINGS_MODULE=config.settings.local
export DJANGO_DEBUG=false
export DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost
export API_RATE_PER_CLIENT=100000/min
unset CELERY_BROKER_URL  # tasks in-process: the fuzzer sees the whole pipeline
PORT="${SCHEMATHESIS_PORT:-8765}"
WORK="$(mktemp -d)"

database() {
  uv run python - "$ADMIN_URL" "$1" <<'PY'
import sys, psycopg
with psycopg.connect(sys.argv[1], autocommit=True) as admin:
    admin.execute("DROP DATABASE IF EXISTS factcheck_schemathesis WITH (FORCE)")
    if sys.argv[2] == "create":
        admin.execute("CREATE DATABASE factcheck_schemathesis")
PY
}

cleanup() {
  [ -n "${SERVER_PID:-}" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  database drop || true
  rm -rf "$WORK"
}
trap cleanup EXIT

database create
uv run python manage.py migrate --noinput -v0
uv run python manage.py load_demo_data --force > "$WORK/demo.txt"
KEY="$(uv run python manage.py create_api_client schemathesis | tail -n 1)"
uv run python manage.py spectacular --file "$WORK/openapi.yaml"

uv run gunicorn -c config/gunicorn.py config.wsgi:application --bind "127.0.0.1:$PORT" --workers 2 \
  --env DJANGO_SETTINGS_MODULE=config.settings.local --log-level warning &
SERVER_PID=$!
for _ in $(seq 1 50); do
  curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done

uv run schemathesis run "$WORK/openapi.yaml" \
  --url "http://127.0.0.1:$PORT" \
  --header "Authorization: Bearer $KEY" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance \
  --max-examples "${SCHEMATHESIS_MAX_EXAMPLES:-30}" \
  --workers 1 \
  --request-timeout 20 \
  --generation-deterministic \
  --phases "${SCHEMATHESIS_PHASES:-examples,coverage,fuzzing,stateful}" \
  --no-color
