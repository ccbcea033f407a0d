from django.db import models
from django.utils.translation import gettext_lazy as _


class Colour(models.TextChoices):
    """Design tokens; each has AA contrast against white (see site.css)."""

    NAVY = "navy", _("Navy")
    PURPLE = "purple", _("Purple")
    ORANGE = "orange", _("Burnt orange")
    BLUE = "blue", _("Blue")
    GREEN = "green", _("Green")
    TEAL = "teal", _("Teal")
    MAGENTA = "magenta", _("Magenta")


class Icon(models.TextChoices):
    SPARK = "spark", _("Spark")
    PEOPLE = "people", _("People")
    HANDS = "hands", _("Joined hands")
    SCALES = "scales", _("Scales")
    ROCKET = "rocket", _("Rocket")
    NETWORK = "network", _("Network")
    LEAF = "leaf", _("Leaf")
    HOME = "home", _("Home")
    HEART = "heart", _("Heart")
    BOOK = "book", _("Book")
    BUS = "bus", _("Bus")
    WIFI = "wifi", _("Signal")
    DROP = "drop", _("Water drop")
    SUN = "sun", _("Sun")


class IndicatorKind(models.TextChoices):
    """The board report's two kinds of measure."""

    HEADLINE = "headline", _("Headline measure (changes slowly)")
    PROXY = "proxy", _("Proxy measure (shows progress sooner)")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")
