from django import template
from django.template.loader import render_to_string

from home import page_cache
from home.models import SiteChrome

register = template.Library()

CHROME_PAGES = ("accessibility_statement", "privacy_notice")


def _chrome(request):
    """The header's links and the pages the footer names, worked out once per
    change to the site's content (not once per request)."""

    def compute():
        chrome = SiteChrome.for_request(request)
        header = []
        for block in chrome.header_links:
            page = block.value["page"]
            url = page.get_url(request) if page else block.value["url"]
            header.append({"text": block.value["text"], "url": url})
        pages = {
            name: page.get_url(request) if (page := getattr(chrome, name)) else ""
            for name in CHROME_PAGES
        }
        return {"header": header, **pages}

    return page_cache.remember(
        request, f"chrome:{page_cache.request_host(request)}", compute
    )


@register.simple_tag(takes_context=True)
def header_links(context):
    """The editor-managed header links, each marked current when the visitor is inside it."""
    request = context["request"]
    path = request.path
    return [
        {
            **link,
            "current": bool(link["url"])
            and (
                path == link["url"]
                or (link["url"] != "/" and path.startswith(link["url"]))
            ),
        }
        for link in _chrome(request)["header"]
    ]


@register.simple_tag(takes_context=True)
def chrome_page_url(context, field_name):
    """URL of a page picked in the header and footer settings (e.g. the privacy notice)."""
    return _chrome(context["request"])[field_name]


@register.simple_tag(takes_context=True)
def site_footer(context):
    """The footer, rendered once per change to the site's content."""
    request = context["request"]

    def compute():
        return render_to_string(
            "includes/footer.html",
            {"chrome": SiteChrome.for_request(request), **_chrome(request)},
            request=request,
        )

    return page_cache.remember(
        request, f"footer:{page_cache.request_host(request)}", compute
    )


@register.simple_tag
def page_numbers(page_obj):
    """The page numbers to link around `page_obj`: the first and last, the current one
    and its neighbours, with the paginator's ellipsis for the gaps."""
    return page_obj.paginator.get_elided_page_range(
        page_obj.number, on_each_side=1, on_ends=1
    )
