from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def framework_url(context, item):
    """URL of an outcome's or commitment's showcase page ("" while there is none);
    the showcase page is looked up once per request however many links a page has."""
    return item.get_url(context.get("request")) or ""


@register.filter
def any_provisional(commitments):
    return any(commitment.provisional for commitment in commitments)
