from .loading import load_framework


def seed(*, stdout):
    report = load_framework()
    stdout.write(f"Framework: {report}.")
