import hashlib
import json

from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import quote_etag
from django.views.decorators.http import require_safe

from .api import framework_document

# Partners poll this; five minutes keeps load low and edits still show up promptly.
CACHE_SECONDS = 300


@require_safe
def framework_json(request):
    body = json.dumps(framework_document(request), ensure_ascii=False).encode()
    response = HttpResponse(body, content_type="application/json")
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    response["Access-Control-Allow-Origin"] = "*"
    etag = quote_etag(hashlib.sha256(body).hexdigest()[:32])
    response["ETag"] = etag
    return get_conditional_response(request, etag=etag, response=response)
