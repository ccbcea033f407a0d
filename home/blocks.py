"""The StreamField blocks every page body shares."""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock

from .videos import find_video

RICH_TEXT_FEATURES = [
    "h2",
    "h3",
    "h4",
    "bold",
    "italic",
    "link",
    "document-link",
    "ol",
    "ul",
]


class LinkBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=80)
    page = blocks.PageChooserBlock(required=False)
    url = blocks.URLBlock(required=False, label=_("External URL"))

    class Meta:
        icon = "link"
        template = "blocks/link_block.html"
        preview_value = {
            "text": "Read the Shared Ambition",
            "url": "https://example.org/",
        }

    allow_empty = False

    def clean(self, value):
        value = super().clean(value)
        has_page, has_url = bool(value.get("page")), bool(value.get("url"))
        if self.allow_empty and not (has_page or has_url or value.get("text")):
            return value
        if has_page == has_url or not value.get("text"):
            message = _("Give the link text and a page or an external URL (not both).")
            raise blocks.StructBlockValidationError(
                block_errors={"url": ErrorList([ValidationError(message)])}
            )
        return value


class OptionalLinkBlock(LinkBlock):
    allow_empty = True
    text = blocks.CharBlock(max_length=80, required=False)


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120)
    level = blocks.ChoiceBlock(choices=[("h2", "H2"), ("h3", "H3")], default="h2")

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        preview_value = {"text": "Why a shared ambition?", "level": "h2"}


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageBlock()
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "blocks/captioned_image_block.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=150)
    role = blocks.CharBlock(required=False, max_length=150)

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
        preview_value = {
            "quote": "Great cross-sector representation.",
            "attribution": "Workshop participant",
        }


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(required=False)
    link = LinkBlock()

    class Meta:
        icon = "pick"
        template = "blocks/call_to_action_block.html"


class KeyFigureBlock(blocks.StructBlock):
    figure = blocks.CharBlock(max_length=20, help_text=_("For example 169 or £170k."))
    label = blocks.CharBlock(max_length=120)


class KeyFiguresBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=120)
    figures = blocks.ListBlock(KeyFigureBlock(), min_num=1, max_num=6)

    class Meta:
        icon = "order"
        template = "blocks/key_figures_block.html"
        preview_value = {
            "heading": "Co-created",
            "figures": [
                {"figure": "169", "label": "stakeholder workshop attendees"},
                {"figure": "175", "label": "conversations with residents"},
            ],
        }


class CardBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(required=False)
    link = OptionalLinkBlock()


class CardsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=120)
    cards = blocks.ListBlock(CardBlock(), min_num=1, max_num=12)

    class Meta:
        icon = "table"
        template = "blocks/cards_block.html"


class VideoBlock(blocks.StructBlock):
    """A YouTube or Vimeo video, whose player loads only when a visitor presses
    Play (`home.videos`): until then no request goes to the provider."""

    # The address only: Wagtail's EmbedBlock would ask the provider for its embed
    # code each time a page is saved.
    video = blocks.URLBlock(help_text=_("A YouTube or Vimeo address."))
    title = blocks.CharBlock(
        max_length=150, help_text=_("Names the video for screen readers.")
    )
    transcript = blocks.TextBlock(required=False)

    class Meta:
        icon = "media"
        template = "blocks/video_block.html"

    def clean(self, value):
        value = super().clean(value)
        if value["video"] and not find_video(value["video"]):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "video": ErrorList(
                        [
                            ValidationError(
                                _("Use a YouTube or Vimeo address of one video.")
                            )
                        ]
                    )
                }
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["video"] = find_video(value["video"]) if value["video"] else None
        return context


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        template="blocks/paragraph_block.html",
    )
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    key_figures = KeyFiguresBlock()
    cards = CardsBlock()
    call_to_action = CallToActionBlock()
    video = VideoBlock()


class RetentionPolicyBlock(blocks.StaticBlock):
    """The privacy notice's "how long we keep it": a table generated from the
    retention policy in force (Settings > Retention policy), so the notice always
    says what `manage.py apply_retention` does."""

    class Meta:
        icon = "time"
        label = _("Retention policy")
        admin_text = _(
            "Shows how long each kind of personal data is kept, from Settings > "
            "Retention policy."
        )
        template = "blocks/retention_policy_block.html"


class StandardPageBodyBlock(BodyBlock):
    """A standard page's body: what every page body has, plus the blocks that
    statements and notices need."""

    retention_policy = RetentionPolicyBlock()
