#!/usr/bin/env bash
# Fuzz the running API against its own OpenAPI schema with every schemathesis check: gunicorn
# on loopback with DEBUG off, a throw-away PostgreSQL database with demo data, and two passes:
# one as an integration (a newsroom tool's API key), one as a staff member (an API key whose
# user is an editor and a fact-checker, so every staff-only operation is reached, not only its
# 401/403). Fails on any 5xx, any answer that does not match the schema, any status code the
# schema does not document, any schema-valid request refused and any schema-invalid one
# accepted. Where a check cannot judge a field from the schema (an opaque cursor), it is said
# for that field alone in .ci/schemathesis_hooks.py; settings in .ci/schemathesis.toml.
#
# Environment: SCHEMATHESIS_DATABASE and SCHEMATHESIS_PORT (defaults factcheck_schemathesis,
# 8765) so that two runs on one machine do not collide; SCHEMATHESIS_MAX_EXAMPLES (10 per
# operation: the coverage phase already tries every boundary the schema states, and both passes
# stay around three minutes of CPU); SCHEMATHESIS_CHECKS and SCHEMATHESIS_PHASES to narrow a
# run while developing; SCHEMATHESIS_ROLES (default "integration staff") to run one pass.
set -euo pipefail
cd "$(dirname "$0")/.."
source bin/_ensure_uv.sh

ADMIN_URL="${SCHEMATHESIS_ADMIN_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
DATABASE_NAME="${SCHEMATHESIS_DATABASE:-factcheck_schemathesis}"
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DATABASE_NAME"
export DJANGO_SETTINGS_MODULE=config.settings.local
export DJANGO_DEBUG=false
export DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost
export API_RATE_PER_CLIENT=100000/min
unset CELERY_BROKER_URL  # tasks in-process: the fuzzer sees the whole pipeline
PORT="${SCHEMATHESIS_PORT:-8765}"
WORK="$(mktemp -d)"

database() {
  uv run python - "$ADMIN_URL" "$1" "$DATABASE_NAME" <<'PY'
import sys, psycopg
from psycopg import sql
name = sql.Identifier(sys.argv[3])
with psycopg.connect(sys.argv[1], autocommit=True) as admin:
    admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
    if sys.argv[2] == "create":
        admin.execute(sql.SQL("CREATE DATABASE {}").format(name))
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
INTEGRATION_KEY="$(uv run python manage.py create_api_client schemathesis | tail -n 1)"
# Staff sign in to the admin with a session; through the API a staff member is an API client
# whose user holds staff roles (the roles, not the way of signing in, decide what it may do).
STAFF_KEY="$(uv run python manage.py shell -c '
from django.contrib.auth.models import Group
from factcheck.roles import Role
from factcheck.services.api_clients import api_client_issue_key
issued = api_client_issue_key(name="schemathesis-staff")
issued.client.user.groups.set(Group.objects.filter(name__in=[Role.EDITOR, Role.FACT_CHECKER]))
print(issued.key)
' | tail -n 1)"
uv run python manage.py spectacular --file "$WORK/openapi.yaml"

uv run gunicorn -c config/gunicorn.py config.wsgi:application --bind "127.0.0.1:$PORT" --workers 2 \
  --env DJANGO_SETTINGS_MODULE=config.settings.local --log-level warning &
SERVER_PID=$!
for _ in $(seq 1 50); do
  curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done

export SCHEMATHESIS_HOOKS=.ci/schemathesis_hooks.py
fuzz() {  # $1: the role, $2: its API key
  echo "== schemathesis as $1 =="
  uv run schemathesis --config-file .ci/schemathesis.toml run "$WORK/openapi.yaml" \
    --url "http://127.0.0.1:$PORT" \
    --header "Authorization: Bearer $2" \
    --checks "${SCHEMATHESIS_CHECKS:-all}" \
    --max-examples "${SCHEMATHESIS_MAX_EXAMPLES:-10}" \
    --workers 1 \
    --request-timeout 20 \
    --generation-deterministic \
    --phases "${SCHEMATHESIS_PHASES:-examples,coverage,fuzzing,stateful}" \
    --no-color
}

failed=0
for role in ${SCHEMATHESIS_ROLES:-integration staff}; do
  case "$role" in
    integration) fuzz integration "$INTEGRATION_KEY" || failed=1 ;;
    staff) fuzz staff "$STAFF_KEY" || failed=1 ;;
    *) echo "unknown role: $role" >&2; failed=1 ;;
  esac
done
exit "$failed"
