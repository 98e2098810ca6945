"""End-to-end tests in a real browser: Playwright for Python driving Debian's Chromium
(/usr/bin/chromium, installed by `.ci/run` when missing; never a downloaded browser) against
Django's live test server. Each test saves screenshots of the pages it saw under
tests/e2e/screenshots/ (ignored by git).

Without /usr/bin/chromium the tests skip, with the reason; where FACTCHECK_REQUIRE_REAL_SERVICES
is set (CI) they fail instead."""

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).parent / "screenshots"
PASSWORD = "pass-for-tests"  # tests.factories.UserFactory's


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} is missing (apt-get install chromium); the browser tests need it"
    if os.environ.get("FACTCHECK_REQUIRE_REAL_SERVICES"):
        pytest.fail(reason + " and FACTCHECK_REQUIRE_REAL_SERVICES is set", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser(django_db_setup, django_db_blocker):
    # Module-scoped: Playwright's event loop stops when the browser tests are done, so the
    # transactional tests after them find Django's database state as usual.
    # After the test database exists (and was serialized for serialized_rollback): the
    # event loop Playwright starts must not be running while Django sets it up.
    _require_chromium()
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls of the tests
    # themselves stay synchronous.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
            )
            yield chromium
            chromium.close()
    finally:
        _empty_after_flush(django_db_blocker)
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _roles_restore() -> None:
    """The role groups and their permissions, as the data migrations create them. A
    transactional test ends with a flush that empties them; Django's serialized rollback does
    not bring them back while Playwright's event loop runs in this thread (asgiref then hands
    this thread another database connection, without the serialized copy)."""
    import importlib

    from django.contrib.auth.models import Group
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from factcheck.roles import Role

    if Group.objects.filter(name__in=[role.value for role in Role]).count() == len(Role):
        return
    executor = MigrationExecutor(connection)
    apps = executor.loader.project_state(("reviews", "0003_workflow_roles")).apps
    importlib.import_module("factcheck.migrations.0002_roles").create_roles(apps, None)
    importlib.import_module("reviews.migrations.0003_workflow_roles").set_permissions(apps, None)


@pytest.fixture(autouse=True)
def _roles(django_db_blocker):
    """A browser test after another one finds the roles again."""
    with django_db_blocker.unblock():
        _roles_restore()


def _empty_after_flush(django_db_blocker) -> None:
    """The flush ending the last browser test did not see the serialized copy either, so it
    re-created content types and permissions; they go, so that the serialized rollback of the
    transactional tests after these loads the database's initial state into empty tables."""
    from django.contrib.contenttypes.models import ContentType

    with django_db_blocker.unblock():
        ContentType.objects.all().delete()  # and their permissions
        ContentType.objects.clear_cache()


@pytest.fixture
def screenshot():
    SCREENSHOTS.mkdir(exist_ok=True)

    def take(page, name: str) -> None:
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    return take


@pytest.fixture
def login(browser, live_server):
    """Open a fresh browser session logged in as `user` (through the login form)."""
    contexts = []

    def log_in(user, password: str = PASSWORD):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{live_server.url}/admin/login/?next=/admin/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", password)
        page.click("input[type=submit]")
        page.wait_for_selector("#desk")
        return page

    yield log_in
    for context in contexts:
        context.close()
