"""`pdf_response`: how PDFs holding personal details (invoices, receipts, badges)
are sent, never stored on the way."""

from django.http import HttpResponse
from django.utils.cache import patch_cache_control


def pdf_response(content, filename, *, inline=False):
    """An HTTP response sending PDF bytes `content` as `filename` (".pdf" added),
    to download or, `inline`, to show in the browser. Never stored by the browser
    or a cache on the way: invoices, receipts and badges carry personal details."""
    disposition = "inline" if inline else "attachment"
    response = HttpResponse(
        content,
        content_type="application/pdf",
        headers={"Content-Disposition": f'{disposition}; filename="{filename}.pdf"'},
    )
    patch_cache_control(response, private=True, no_store=True)
    return response
