"""Request IDs, JSON log lines and error reporting.

Every request gets an ID: the proxy's X-Request-ID if it sent a sane one (nginx:
`proxy_set_header X-Request-ID $request_id;`), else a new one. It is echoed in the
response header, put on every log record made while the request runs, and tagged
on Sentry events, so one ID finds a request in nginx's log, the app's and Sentry.
"""

import contextvars
import json
import logging
import re
import uuid

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar(
    "request_id", default="-"
)
_SANE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def current_request_id() -> str:
    """The ID of the request being served in this context ("-" outside one)."""
    return _request_id.get()


class RequestIdMiddleware:
    """Give each request an ID (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.headers.get("X-Request-ID", "")
        request_id = offered if _SANE_ID.match(offered) else uuid.uuid4().hex
        request.request_id = request_id
        token = _request_id.set(request_id)
        try:
            _tag_sentry(request_id)
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response


def _tag_sentry(request_id: str) -> None:
    try:
        import sentry_sdk
    except ImportError:  # pragma: no cover - sentry-sdk is a runtime dependency
        return
    sentry_sdk.get_isolation_scope().set_tag("request_id", request_id)


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record (for both log formats)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request_id (and the
    traceback), for log collectors."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", current_request_id()),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def init_sentry(*, dsn: str, environment: str, traces_sample_rate: float) -> None:
    """Send errors (and a share of traces) to Sentry or GlitchTip; no personal data."""
    import sentry_sdk

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        traces_sample_rate=traces_sample_rate,
        send_default_pii=False,
    )
