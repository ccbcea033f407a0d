from dataclasses import dataclass
from types import SimpleNamespace

import pytest

from framework import models as framework_models
from framework.site_setup import setup_showcase
from home import page_cache


@pytest.fixture
def showcase(site_pages, framework):
    """The live showcase page at /showcase/ with the shipped framework."""
    return setup_showcase()


@dataclass(frozen=True)
class FakeStory:
    title: str
    url: str
    summary: str = ""

    def __str__(self):
        return self.title


class FakeQuerySet(list):
    def count(self):
        return len(self)


class FakeStories:
    """Stands in for a tagged model from another app (stories, pledges, sessions)."""

    showcase_heading = "Delivery stories"
    showcase_item_template = "framework/includes/showcase_item.html"
    showcase_order = 10
    _meta = SimpleNamespace(
        verbose_name="delivery story", verbose_name_plural="delivery stories"
    )
    tagged = {}
    public = {}

    @classmethod
    def tag(cls, commitment, story, *, public=True):
        cls.tagged.setdefault(commitment.pk, FakeQuerySet()).append(story)
        page_cache.changed()  # as saving a real tag does
        if public:
            cls.public.setdefault(commitment.pk, []).append(story)

    @classmethod
    def showcase_items(cls, commitment):
        return FakeQuerySet(reversed(cls.public.get(commitment.pk, [])))  # newest first

    @classmethod
    def showcase_lists(cls, commitment, count, request=None):
        return [
            framework_models.ShowcaseList(
                url=f"/stories/?commitment={commitment.slug}",
                text=f"See all {count} delivery stories about {commitment.name}",
                count=count,
            )
        ]

    @classmethod
    def tagged_with(cls, commitment):
        return cls.tagged.get(commitment.pk, FakeQuerySet())


@pytest.fixture
def fake_stories(monkeypatch):
    stories = type("Stories", (FakeStories,), {"tagged": {}, "public": {}})
    monkeypatch.setattr(framework_models, "tagged_models", lambda: [stories])
    return stories
