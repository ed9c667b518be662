"""The project's ASGI app behind a per-process concurrency cap, for benchmarks.

Without a cap, 1,500 simultaneous requests would open 1,500 PostgreSQL connections
(Django opens one per request thread) and exceed max_connections. A real deployment
puts the same bound in front (worker pool, pgbouncer); here it is a semaphore that
queues requests instead of refusing them. BENCH_CONCURRENCY sets it (default 12).
"""

import asyncio
import os

from config.asgi import application as project_application

LIMIT = int(os.environ.get("BENCH_CONCURRENCY", "12"))
_semaphore: asyncio.Semaphore | None = None


async def application(scope, receive, send):
    global _semaphore
    if scope["type"] != "http":
        return await project_application(scope, receive, send)
    if _semaphore is None:
        _semaphore = asyncio.Semaphore(LIMIT)
    async with _semaphore:
        return await project_application(scope, receive, send)
