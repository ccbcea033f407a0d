// The door check-in page's service worker (served at /checkin/sw.js, scope
// /checkin/): each time the page or its static files load, it keeps a copy, and
// answers from that copy when the network is gone, so the page opens offline.
// Only the plain page (no search, no form answers) and /static/ files are kept.
"use strict";
var CACHE = "checkin-v1";

self.addEventListener("install", function () {
    self.skipWaiting();
});

self.addEventListener("activate", function (event) {
    event.waitUntil(self.clients.claim());
});

self.addEventListener("fetch", function (event) {
    var request = event.request;
    var url = new URL(request.url);
    if (request.method !== "GET" || url.origin !== self.location.origin) {
        return;
    }
    var doorPage = request.mode === "navigate" && /^\/checkin\/\d+\/$/.test(url.pathname) && !url.search;
    if (!doorPage && !url.pathname.startsWith("/static/")) {
        return;
    }
    event.respondWith(
        fetch(request).then(function (response) {
            if (response.ok && !response.redirected) {
                var copy = response.clone();
                caches.open(CACHE).then(function (cache) {
                    cache.put(request, copy);
                });
            }
            return response;
        }).catch(function () {
            return caches.match(request).then(function (cached) {
                return cached || Response.error();
            });
        })
    );
});
