import secrets
import subprocess

from tests.processes import run_fresh


def run_check(**environment) -> subprocess.CompletedProcess:
    return run_fresh(
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        **environment,
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
