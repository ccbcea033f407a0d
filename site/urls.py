from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("sitemap.xml", sitemap),
    path("", include("home.urls")),
    path("", include("framework.urls")),
    path("", include("speakers.urls")),
    path("", include("events.urls")),
    path("", include("signatories.urls")),
    path("", include("spotlights.urls")),
]

if settings.DEBUG:
    # Development only: serve static and media files from Django.
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail serves everything no app claimed, so it comes last.
urlpatterns += [path("", include(wagtail_urls))]
