from django import template

from home.models import SiteChrome

register = template.Library()


@register.simple_tag(takes_context=True)
def header_links(context):
    """The editor-managed header links, each marked current when the visitor is inside it."""
    request = context["request"]
    chrome = SiteChrome.for_request(request)
    links = []
    for block in chrome.header_links:
        page = block.value["page"]
        url = page.get_url(request) if page else block.value["url"]
        current = bool(url) and (
            request.path == url or (url != "/" and request.path.startswith(url))
        )
        links.append({"text": block.value["text"], "url": url, "current": current})
    return links


@register.simple_tag(takes_context=True)
def chrome_page_url(context, field_name):
    """URL of a page picked in the header and footer settings (e.g. the privacy notice)."""
    page = getattr(SiteChrome.for_request(context["request"]), field_name)
    return page.get_url(context["request"]) if page else ""


@register.simple_tag
def page_numbers(page_obj):
    """The page numbers to link around `page_obj`: the first and last, the current one
    and its neighbours, with the paginator's ellipsis for the gaps."""
    return page_obj.paginator.get_elided_page_range(
        page_obj.number, on_each_side=1, on_ends=1
    )
