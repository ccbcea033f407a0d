import factory

from home.demo_images import demo_image
from speakers.models import Speaker, SpeakersIndexPage


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    name = factory.Sequence(lambda n: f"Test Speaker {n}")
    slug = factory.Sequence(lambda n: f"test-speaker-{n}")
    role = "Head of Testing"
    organisation = "Example Organisation"
    bio = "A short biography."

    class Params:
        with_photo = factory.Trait(
            photo=factory.LazyAttribute(
                lambda speaker: demo_image(
                    f"Photo of {speaker.name}", seed=1, width=320, height=320
                )
            )
        )


class SpeakersIndexPageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpeakersIndexPage

    title = "Speakers"
    slug = "speakers"

    @classmethod
    def _create(cls, model_class, *args, parent, **kwargs):
        return parent.add_child(instance=model_class(*args, **kwargs))
