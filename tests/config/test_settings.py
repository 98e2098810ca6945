import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_check(**environment) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.production", **environment)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_check(DJANGO_ALLOWED_HOSTS="factcheck.example.org")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = run_check(DJANGO_SECRET_KEY="short", DJANGO_ALLOWED_HOSTS="factcheck.example.org")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_deploy_checklist_is_clean_with_the_required_environment():
    result = run_check(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50), DJANGO_ALLOWED_HOSTS="factcheck.example.org"
    )
    assert result.returncode == 0, result.stdout + result.stderr
