"""QR codes (events/qr.py): the codewords `_create_bytes` finds are the ones
qrcode's own `util.create_bytes` finds, for every error correction level and
versions from 1 to 40, so the codes scan as they did."""

import importlib.util
import random

import pytest

from events import qr


def _qrcode_own_util():
    # A fresh copy of qrcode.util: the imported one uses `_create_bytes`.
    spec = importlib.util.find_spec("qrcode.util")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("level", ["L", "M", "Q", "H"])
def test_qr_codewords_are_the_ones_qrcode_finds(level):
    qrcode = qr._qrcode()
    own = _qrcode_own_util()
    error_correction = getattr(qrcode.constants, f"ERROR_CORRECT_{level}")
    choose = random.Random(level)
    for version in range(1, 41):
        blocks = qrcode.base.rs_blocks(version, error_correction)
        buffer = own.BitBuffer()
        for _ in range(sum(block.data_count for block in blocks)):
            buffer.put(choose.randrange(256), 8)

        assert qr._create_bytes(buffer, blocks) == own.create_bytes(buffer, blocks)


def test_qrcode_draws_with_our_codewords():
    qrcode = qr._qrcode()

    assert qrcode.util.create_bytes is qr._create_bytes
