"""Settings for the write floor (bench/run.py): the app as it is, plus one URL in front (bench/floor_urls.py)."""

from grassroots.settings import *  # noqa: F403

ROOT_URLCONF = "bench.floor_urls"
