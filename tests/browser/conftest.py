"""Browser tests: Debian's chromium driven by Playwright against a live Daphne server.

The server runs in a child process (daphne.testing.DaphneProcess) on the test
database, so it needs a database the child can reach: PostgreSQL (CI) or an on-disk
SQLite test database (set SQLITE_TEST_PATH). WebSockets work because it is the real
ASGI application, channel layer included.
"""

import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

import pytest
from daphne.testing import DaphneProcess
from django.conf import settings
from django.db import connection

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests
# make between browser steps are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
]
PHONE = {"width": 375, "height": 812}


def _make_application():
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

    from config.asgi import application

    return ASGIStaticFilesHandler(application)


_INHERITED: list = []


def _use_test_database(db_name):
    """Runs in the forked server process before it serves anything."""
    from asgiref.sync import SyncToAsync
    from channels.layers import channel_layers
    from django.db import connections

    settings.DATABASES["default"]["NAME"] = db_name
    # The fork inherits the parent's open database connections and channel-layer
    # pools, whose sockets belong to the parent. Closing a database connection here
    # would send the server a Terminate on the parent's socket, so keep each one
    # referenced (never used, never finalized) and open fresh ones in the child.
    for conn in connections.all(initialized_only=True):
        if conn.connection is not None:
            _INHERITED.append(conn.connection)
            conn.connection = None
    channel_layers.backends = {}
    # asgiref's thread-sensitive executor was built in the parent; its worker thread
    # does not exist after fork, so database_sync_to_async in consumers would hang.
    SyncToAsync.single_thread_executor = ThreadPoolExecutor(max_workers=1)


@pytest.fixture
def live_server_url(transactional_db):
    """A Daphne server on a free port, serving the real ASGI app on the test DB."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("browser tests need PostgreSQL or an on-disk SQLite test DB")
    db_name = connection.settings_dict["NAME"]
    server = DaphneProcess(
        "127.0.0.1", _make_application, setup=partial(_use_test_database, db_name)
    )
    server.daemon = True
    server.start()
    if not server.ready.wait(timeout=30):
        server.terminate()
        pytest.fail("the live Daphne server did not start")
    yield f"http://127.0.0.1:{server.port.value}"
    server.terminate()
    server.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    """One chromium per test module. Playwright's sync API keeps its event loop
    marked as running in this thread while it is open, which breaks async tests
    collected after it, so it must not outlive the browser tests."""
    executable = shutil.which("chromium")
    if not executable:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_FLAGS
        )
        yield instance
        instance.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture
def new_page(browser, request):
    """Factory for pages; every page is screenshotted if the test fails."""
    contexts = []

    def make(*, phone: bool = False, touch: bool = False):
        context = browser.new_context(
            viewport=PHONE if phone else {"width": 1280, "height": 900},
            locale="zh-CN",
            has_touch=touch,
            is_mobile=touch,
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    failed = getattr(request.node, "rep_call", None) and request.node.rep_call.failed
    for number, context in enumerate(contexts):
        if failed:
            ARTIFACTS.mkdir(exist_ok=True)
            for index, page in enumerate(context.pages):
                name = f"{request.node.name}-{number}-{index}.png"
                page.screenshot(path=str(ARTIFACTS / name), full_page=True)
        context.close()


def login(page, base_url: str, username: str, password: str) -> None:
    """Log in through the real login form."""
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")
    page.wait_for_url(f"{base_url}/")
