import re

from django import template
from django.template.defaultfilters import stringfilter

register = template.Library()

WORD = re.compile(r"\w+")


@register.filter(is_safe=True)
@stringfilter
def sentence_case(text):
    """'Verify Your Email Address' -> 'Verify your email address'.

    Our pages follow GOV.UK style, which writes headings and buttons in sentence
    case; allauth's strings are in title case. Acronyms and markup are left alone.
    """
    if "<" in text:
        return text
    first = WORD.search(text)
    if not first:
        return text
    head, tail = text[: first.end()], text[first.end() :]
    return head + WORD.sub(
        lambda word: word[0].lower() if word[0].istitle() else word[0], tail
    )
