"""`make bench`: throughput and memory figures that don't belong in unit tests.

Each benchmark module in this package exposes `run(report)`; this runner builds a
throwaway database (PostgreSQL when DATABASE_URL points at one), seeds what each
benchmark needs, and prints one line per figure.
"""

import importlib
import os
import pkgutil
import sys
import time

import django

BENCHMARKS = sorted(
    name
    for _, name, _ in pkgutil.iter_modules([os.path.dirname(__file__)])
    if name.startswith("bench_")
)


def report(name, value, unit):
    print(f"{name:<48} {value:>12,.1f} {unit}")


def main(selected):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_config.settings.test")
    django.setup()
    from django.test.utils import setup_databases, teardown_databases

    config = setup_databases(verbosity=0, interactive=False)
    try:
        for name in selected or BENCHMARKS:
            module = importlib.import_module(f"tests.benchmarks.{name}")
            started = time.perf_counter()
            module.run(report)
            print(f"  ({name} took {time.perf_counter() - started:.1f}s)")
    finally:
        teardown_databases(config, verbosity=0)


if __name__ == "__main__":
    main(sys.argv[1:])
