from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class ProfileLinkBlock(blocks.StructBlock):
    """A link on a speaker's profile: their website, organisation page or a social profile."""

    text = blocks.CharBlock(max_length=80, help_text=_("For example 'Website'."))
    url = blocks.URLBlock(label=_("Address"))

    class Meta:
        icon = "link"
        template = "speakers/blocks/profile_link_block.html"
        preview_value = {"text": "Website", "url": "https://example.org/"}
