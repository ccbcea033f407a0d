import hashlib

from django import template
from django.utils.safestring import mark_safe

from home import page_cache

register = template.Library()


@register.simple_tag(takes_context=True)
def page_shows(context, topic):
    """Tell the page cache that this page shows `topic` (e.g. "places"), so a change
    to it renders the page afresh."""
    request = context.get("request")
    if request is not None:
        page_cache.depends_on(request, topic)
    return ""


@register.tag
def kept(parser, token):
    """`{% kept "name" value … %}…{% endkept %}`: the markup inside, rendered once
    per host, change to the site's content and combination of the values, whoever
    asks (signed in or not, page cache on or off). Only for markup that depends on
    nothing else: a card or a picture, never anything personal or about places left."""
    parts = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    if not parts:
        raise template.TemplateSyntaxError("{% kept %} needs a name.")
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(nodelist, parts)


class KeptNode(template.Node):
    def __init__(self, nodelist, parts):
        self.nodelist = nodelist
        self.parts = parts

    def render(self, context):
        # An inclusion tag's context has the request as an attribute only.
        request = getattr(context, "request", None) or context.get("request")
        if request is None or getattr(request, "is_preview", False):
            return self.nodelist.render(context)  # a preview shows the draft as it is
        values = "\0".join(str(part.resolve(context)) for part in self.parts)
        digest = hashlib.sha256(values.encode()).hexdigest()
        name = f"kept:{page_cache.request_host(request)}:{digest}"
        return mark_safe(
            page_cache.remember(request, name, lambda: self.nodelist.render(context))
        )
