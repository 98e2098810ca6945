"""Which URLs webhooks may target (SSRF): public addresses only in production."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from webhooks.validators import address_is_public, webhook_url_validate

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/hook",
        "http://localhost/hook",
        "http://10.0.0.5/hook",
        "http://172.16.3.4/hook",
        "http://192.168.1.10/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://100.64.0.1/hook",
        "http://0.0.0.0/hook",
        "http://[::1]/hook",
        "http://[fd00::1]/hook",
        "http://[fe80::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://[::ffff:10.0.0.1]/hook",
        # IPv6 forms embedding a private IPv4 address (NAT64, IPv4-compatible, SIIT, 6to4,
        # Teredo), and the local-use NAT64 prefix.
        "http://[64:ff9b::7f00:1]/hook",
        "http://[64:ff9b::a9fe:a9fe]/latest/meta-data/",
        "http://[::127.0.0.1]/hook",
        "http://[::8.8.8.8]/hook",
        "http://[::ffff:0:7f00:1]/hook",
        "http://[2002:7f00:1::]/hook",
        "http://[2002:a00:1::1]/hook",
        "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/hook",
        "http://[64:ff9b:1::a00:1]/hook",
    ],
)
def test_private_and_loopback_targets_are_refused_without_the_allowance(url):
    with pytest.raises(ValidationError) as error:
        webhook_url_validate(url, allow_private=False)
    assert error.value.code == "target_not_public"


def test_a_name_that_does_not_resolve_gets_the_same_answer_as_a_private_address():
    """Two answers would tell a client which internal host names exist."""
    refusals = []
    for url in ("http://host-that-does-not-exist.invalid/hook", "http://localhost/hook"):
        with pytest.raises(ValidationError) as error:
            webhook_url_validate(url, allow_private=False)
        refusals.append((error.value.code, error.value.messages))
    assert refusals[0] == refusals[1]


@pytest.mark.parametrize(
    "url",
    [
        "https://93.184.215.14/hook",
        "http://8.8.8.8:8080/x",
        "https://[2606:4700::1111]/hook",
        "https://[64:ff9b::808:808]/hook",  # NAT64 of a public address
        "https://[2002:808:808::1]/hook",  # 6to4 of a public address
    ],
)
def test_public_addresses_are_accepted(url):
    webhook_url_validate(url, allow_private=False)


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8000/hook", "http://localhost/hook", "https://[::1]/hook"]
)
def test_local_and_test_settings_accept_private_targets(url, settings):
    assert settings.WEBHOOK_ALLOW_PRIVATE_TARGETS is True  # config.settings.test
    webhook_url_validate(url)


def test_the_validator_follows_the_setting(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    with pytest.raises(ValidationError):
        webhook_url_validate("http://127.0.0.1/hook")


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("ftp://files.example.org/", "invalid"),
        ("gopher://127.0.0.1:6379/_FLUSHALL", "invalid"),
        ("http://user:secret@hooks.example.org/", "credentials"),
        ("https://hooks.example.org/" + "a" * 2000, "max_length"),
        ("http://hooks.example.org:99999/", "invalid"),
        ("http://host-that-does-not-exist.invalid/hook", "target_not_public"),
    ],
)
def test_other_refusals(url, code):
    with pytest.raises(ValidationError) as error:
        webhook_url_validate(url, allow_private=False)
    assert error.value.code == code


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("2606:4700::1111", True),
        ("127.0.0.1", False),
        ("::1", False),
        ("::ffff:127.0.0.1", False),
        ("fe80::1%eth0", False),
        ("224.0.0.1", False),
        ("255.255.255.255", False),
        ("64:ff9b::7f00:1", False),
        ("::127.0.0.1", False),
        ("2002:7f00:1::", False),
        ("64:ff9b::808:808", True),
    ],
)
def test_address_is_public(address, public):
    assert address_is_public(address) is public


def _setting_under(module: str) -> str:
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE=module,
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="factcheck.example.org",
        WEBHOOK_ALLOW_PRIVATE_TARGETS="true",  # not read from the environment
    )
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.WEBHOOK_ALLOW_PRIVATE_TARGETS)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_settings_refuse_private_targets():
    assert _setting_under("config.settings.production") == "False"
    assert _setting_under("config.settings.local") == "True"
