from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def speaker_url(context, speaker):
    """The speaker's profile URL; the speakers page is looked up once per request."""
    return speaker.get_url(context.get("request"))
