from django import template

from ..models import SummitPage
from ..year_on_year import year_on_year_figures

register = template.Library()


@register.inclusion_tag("events/includes/year_on_year_section.html", takes_context=True)
def year_on_year(context, summit_index):
    """The year-on-year figures of the summits published under `summit_index`
    (seven queries); none before there is one."""
    summits = SummitPage.objects.child_of(summit_index).live()
    figures = year_on_year_figures(summits)
    return {"request": context.get("request"), "year_on_year": figures}
