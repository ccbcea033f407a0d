"""Abstract generated artwork for demo content: no downloads, no real people."""

import io
import random

from django.core.files.images import ImageFile
from django.utils.text import slugify
from wagtail.images import get_image_model

PALETTES = [
    ("#12284c", "#0b6e6e", "#f2c14e"),
    ("#4b1d6b", "#b3406f", "#f7d08a"),
    ("#0b4f8a", "#3aa0d8", "#e8f1f8"),
    ("#1e5b2e", "#7fb069", "#f4e9cd"),
    ("#8a2f00", "#e07a2f", "#fbe3c6"),
]


def _render_png(seed, width, height):
    # Heavy library: loaded only when an image is handled.
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    dark, mid, light = rng.choice(PALETTES)
    image = Image.new("RGB", (width, height), dark)
    draw = ImageDraw.Draw(image)
    for _ in range(7):
        radius = rng.randint(height // 6, height // 2)
        x, y = rng.randint(0, width), rng.randint(0, height)
        draw.ellipse(
            (x - radius, y - radius, x + radius, y + radius),
            fill=rng.choice([mid, light]),
        )
    for _ in range(4):
        y = rng.randint(0, height)
        draw.line(
            (0, y, width, y + rng.randint(-height // 3, height // 3)),
            fill=light,
            width=6,
        )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def demo_image(title, *, seed, width=1200, height=675):
    """Return the Wagtail image called `title`, drawing it the first time."""
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    content = io.BytesIO(_render_png(seed, width, height))
    filename = f"demo-{slugify(title)[:60]}.png"
    return Image.objects.create(title=title, file=ImageFile(content, name=filename))
