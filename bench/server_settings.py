"""Settings of the servers the benchmarks start: production plus /bench/trivial/."""

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.lecture_page_urls"
