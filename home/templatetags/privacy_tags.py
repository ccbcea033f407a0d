from django import template

from home.cookies import OTHER_SITES, site_cookies

register = template.Library()


@register.inclusion_tag("includes/cookie_table.html")
def cookie_table():
    """Every cookie the site sets, from `home.cookies` (the privacy notice shows it)."""
    return {"cookies": site_cookies(), "other_sites": OTHER_SITES}
