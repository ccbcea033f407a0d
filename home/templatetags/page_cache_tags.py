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
    nothing else: a card or a picture, never anything personal.
    `{% kept "name" value … unless condition %}` renders it afresh whenever the
    condition holds (a filtered list, a visitor's own stars).
    `{% kept "name" value … shows "places" %}` keeps markup that shows a topic
    besides content (places left) until that changes too, or the clock changes it
    (`page_cache.remember`'s `topics`)."""
    bits = token.split_contents()[1:]
    condition = None
    if len(bits) > 2 and bits[-2] == "unless":
        condition = parser.compile_filter(bits[-1])
        bits = bits[:-2]
    topics = ()
    if len(bits) > 2 and bits[-2] == "shows":
        topics = (parser.compile_filter(bits[-1]).resolve({}),)
        bits = bits[:-2]
    if not bits:
        raise template.TemplateSyntaxError("{% kept %} needs a name.")
    if not set(topics) <= set(page_cache.TOPICS):
        raise template.TemplateSyntaxError(f"{{% kept %}} shows no topic {topics}.")
    parts = [parser.compile_filter(bit) for bit in bits]
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(nodelist, parts, condition, topics)


class KeptNode(template.Node):
    def __init__(self, nodelist, parts, condition=None, topics=()):
        self.nodelist = nodelist
        self.parts = parts
        self.condition = condition
        self.topics = topics

    def render(self, context):
        # An inclusion tag's context has the request as an attribute only.
        request = getattr(context, "request", None) or context.get("request")
        if request is None or getattr(request, "is_preview", False):
            return self.nodelist.render(context)  # a preview shows the draft as it is
        for topic in self.topics:
            page_cache.depends_on(request, topic)
        if self.condition is not None and self.condition.resolve(context):
            return self.nodelist.render(context)
        values = "\0".join(str(part.resolve(context)) for part in self.parts)
        digest = hashlib.sha256(values.encode()).hexdigest()
        name = f"kept:{page_cache.request_host(request)}:{digest}"
        return mark_safe(
            page_cache.remember(
                request,
                name,
                lambda: self.nodelist.render(context),
                topics=self.topics,
            )
        )
