"""`make fonts` checks the fonts and tools PDFs need themselves, on any system, and
installs Debian's packages only when one is missing (Makefile, docs/documents.md).
apt-get is a stand-in here that records how it was called."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.pdfs import require_document_tools

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def make_fonts(tmp_path):
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    require_document_tools()
    calls = tmp_path / "apt-get.log"
    apt_get = tmp_path / "apt-get"
    apt_get.write_text(f'#!/bin/sh\necho "$*" >> {calls}\nexit "${{APT_STATUS:-0}}"\n')
    apt_get.chmod(0o755)

    def run(*variables, apt_status=0, ci=""):
        environment = {
            **os.environ,
            "PATH": f"{tmp_path}:{os.environ['PATH']}",
            "APT_STATUS": str(apt_status),
            "CI": ci,
        }
        done = subprocess.run(
            ["make", "--no-print-directory", "fonts", *variables],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
        )
        asked = calls.read_text().splitlines() if calls.exists() else []
        return done.returncode, done.stdout, asked

    return run


def test_with_everything_installed_it_says_and_installs_nothing(make_fonts):
    assert make_fonts(ci="true") == (0, "", [])


def test_a_missing_font_or_tool_installs_the_packages(make_fonts):
    status, said, asked = make_fonts(
        "DOCUMENT_FONTS=Noto Sans,No Such Sans", "DOCUMENT_TOOLS=pdftotext no-such-tool"
    )

    assert status == 0
    assert "Missing for PDFs: no-such-tool; No Such Sans." in said
    assert asked == [
        "install -y --no-install-recommends fontconfig fonts-noto-core "
        "fonts-noto-cjk fonts-dejavu-core poppler-utils"
    ]


def test_when_they_cannot_be_installed_it_skips_or_fails_under_ci(make_fonts):
    missing = "DOCUMENT_FONTS=No Such Sans"

    skipped = make_fonts(missing, apt_status=1)
    failed = make_fonts(missing, apt_status=1, ci="true")

    assert skipped[0] == 0 and "SKIPPED" in skipped[1]
    assert failed[0] != 0 and "failing because CI=true" in failed[1]
