// The door check-in page (templates/events/checkin/door.html). Without this script
// its forms post to the server. With it:
// - answers come from the server's JSON endpoints while online, and from this
//   device's copy of the ticket list (localStorage) when the connection drops;
// - check-ins made offline are queued with an id and their time, and synced when
//   the connection returns (the server counts a re-sent scan once);
// - the camera scans QR codes (BarcodeDetector, or the vendored jsQR);
// - name search runs on the device's copy, so it works offline too;
// - a service worker (checkin-sw.js) keeps the page itself for opening offline;
// - the copy holds everyone's names, so it goes when the summit's door closes and
//   when the server says this person may not (or no longer) check people in.
// Words come from the server (#checkin-messages), so they are translated there.
(function () {
    "use strict";
    var root = document.querySelector("[data-checkin]");
    if (!root || !window.fetch || !window.localStorage) {
        return;
    }
    var words = JSON.parse(document.getElementById("checkin-messages").textContent);
    var urls = {
        checkIn: root.dataset.checkInUrl,
        undo: root.dataset.undoUrl,
        sync: root.dataset.syncUrl,
        tickets: root.dataset.ticketsUrl,
    };
    var LIST_KEY = "checkin:" + root.dataset.summit + ":tickets";
    var QUEUE_KEY = "checkin:" + root.dataset.summit + ":queue";
    var answerBox = root.querySelector("[data-answer]");
    var connection = root.querySelector("[data-connection]");
    dropClosedSummits();
    var list = load(LIST_KEY, null);
    var queue = load(QUEUE_KEY, []);
    var byKey = new Map();
    var byReference = new Map();
    var online = navigator.onLine;

    function load(key, fallback) {
        try {
            var value = JSON.parse(localStorage.getItem(key));
            return value === null ? fallback : value;
        } catch (error) {
            return fallback;
        }
    }

    function storedKeys() {
        return Object.keys(localStorage).filter(function (key) {
            return key.startsWith("checkin:");
        });
    }

    function dropClosedSummits() {
        // Every summit's copy on this device, once its door has closed, with its
        // queue (it could no longer sync). A copy that doesn't say when its door
        // closes is fetched again, but its queue waits to sync.
        storedKeys().forEach(function (key) {
            var match = /^checkin:(\d+):tickets$/.exec(key);
            var closes = match && Date.parse((load(key, null) || {}).door_closes);
            if (match && !(closes > Date.now())) {
                localStorage.removeItem(key);
                if (closes) {
                    localStorage.removeItem("checkin:" + match[1] + ":queue");
                }
            }
        });
    }

    function forget(status) {
        // Signed out (401) or not allowed (403): drop every copy of the ticket list
        // and the saved page. Queued scans hold no names, so after a 401 they wait
        // for the person to sign in again; after a 403 they could never sync.
        list = null;
        reindex();
        if (status === 403) {
            queue = [];
        }
        try {
            storedKeys().forEach(function (key) {
                if (status === 403 || key.endsWith(":tickets")) {
                    localStorage.removeItem(key);
                }
            });
        } catch (error) {
            // Storage refused: nothing was kept either.
        }
        if (window.caches) {
            caches.keys().then(function (names) {
                names.filter(function (name) {
                    return name.startsWith("checkin-");
                }).forEach(function (name) {
                    caches.delete(name);
                });
            }).catch(function () {});
        }
    }

    function store() {
        try {
            localStorage.setItem(QUEUE_KEY, JSON.stringify(queue));
            if (list) {
                localStorage.setItem(LIST_KEY, JSON.stringify(list));
            }
        } catch (error) {
            // Storage full or refused: the queue still lives in memory.
        }
    }

    function reindex() {
        byKey.clear();
        byReference.clear();
        (list ? list.places : []).forEach(function (place) {
            byKey.set(place.key, place);
            byReference.set(place.reference, place);
        });
    }

    function format(text, values) {
        return text.replace(/%\((\w+)\)s/g, function (match, name) {
            return name in values ? values[name] : match;
        });
    }

    function localTime(iso) {
        return new Date(iso).toLocaleTimeString("en-GB", {
            hour: "2-digit",
            minute: "2-digit",
            timeZone: "Europe/London",
        });
    }

    function element(tag, className, text) {
        var node = document.createElement(tag);
        if (className) {
            node.className = className;
        }
        if (text !== undefined) {
            node.textContent = text;
        }
        return node;
    }

    // Connection status and the number of scans waiting.

    function setOnline(value) {
        online = value;
        showConnection();
    }

    function showConnection() {
        var waiting = queue.length === 0
            ? words.none_waiting
            : queue.length === 1 ? words.waiting_one : format(words.waiting_many, {count: queue.length});
        connection.textContent = (online ? words.online : words.offline) + " " + waiting;
        connection.classList.toggle("checkin-connection--offline", !online);
        connection.hidden = false;
    }

    // Talking to the server.

    function csrfToken() {
        return root.querySelector("input[name=csrfmiddlewaretoken]").value;
    }

    function send(url, body) {
        return fetch(url, {
            method: "POST",
            credentials: "same-origin",
            headers: {
                "Content-Type": "application/json",
                "Accept": "application/json",
                "X-CSRFToken": csrfToken(),
            },
            body: JSON.stringify(body),
        }).then(function (response) {
            return response.json().catch(function () {
                return {};
            }).then(function (data) {
                if (!response.ok) {
                    throw failure(response, data);
                }
                return data;
            });
        });
    }

    function failure(response, data) {
        if (response.status === 401 || response.status === 403) {
            forget(response.status);
        }
        var error = new Error(data.error || response.statusText);
        error.status = response.status;
        return error;
    }

    function unreachable(error) {
        // No answer at all, the server failing, or too many requests for now:
        // carry on from the device's copy (a 429 passes within the minute).
        return !error.status || error.status === 429 || error.status >= 500;
    }

    function refreshList() {
        if (!navigator.onLine) {
            setOnline(false);
            return Promise.resolve();
        }
        return fetch(urls.tickets, {credentials: "same-origin", headers: {"Accept": "application/json"}})
            .then(function (response) {
                if (!response.ok) {
                    throw failure(response, {});
                }
                return response.json();
            })
            .then(function (fresh) {
                list = fresh;
                reindex();
                // Scans still queued here count as arrived until the server has them.
                queue.forEach(function (scan) {
                    var place = byKey.get(scan.key);
                    if (place && !place.checked_in_at) {
                        place.checked_in_at = scan.scanned_at;
                        place.checked_in_by = words.this_device;
                    }
                });
                store();
                showCounts();
                setOnline(true);
            })
            .catch(function (error) {
                if (unreachable(error)) {
                    setOnline(false);
                }
            });
    }

    var syncing = false;

    function sync() {
        if (syncing || !queue.length || !navigator.onLine) {
            showConnection();
            return Promise.resolve();
        }
        syncing = true;
        var batch = queue.slice(0, 500);
        return send(urls.sync, {
            scans: batch.map(function (scan) {
                var item = {id: scan.id, scanned_at: scan.scanned_at};
                item[scan.payload ? "payload" : "reference"] = scan.payload || scan.reference;
                return item;
            }),
        }).then(function (data) {
            // Every scan answered leaves the queue, a malformed one ({id, error})
            // too: sending it again would never succeed.
            var synced = new Set();
            data.results.forEach(function (result) {
                synced.add(result.id);
                var scan = batch.find(function (item) {
                    return item.id === result.id;
                });
                var place = scan && byKey.get(scan.key);
                if (result.check_in) {
                    remember(result);
                } else if (place) {
                    place.checked_in_at = null;
                    showAnswer({
                        tone: "bad",
                        title: format(words.sync_refused, {name: place.name, title: result.title || result.error}),
                        message: result.message,
                    }, {quiet: true});
                }
            });
            queue = queue.filter(function (scan) {
                return !synced.has(scan.id);
            });
            store();
            showCounts();
            setOnline(true);
        }).catch(function (error) {
            if (unreachable(error)) {
                setOnline(false);
            }
        }).then(function () {
            syncing = false;
            showConnection();
        });
    }

    function remember(answer) {
        var place = answer.attendee && byKey.get(answer.attendee.key);
        if (place && answer.check_in) {
            place.checked_in_at = answer.check_in.at;
            place.checked_in_by = answer.check_in.by;
            store();
            showCounts();
        }
    }

    // Answering a scan, a typed reference or a pick from the search.

    function checkIn(input) {
        if (!online && navigator.onLine) {
            online = true;
        }
        if (!online) {
            return answerLocally(input).then(showAnswer);
        }
        return send(urls.checkIn, input).then(function (answer) {
            remember(answer);
            showAnswer(answer);
        }).catch(function (error) {
            if (!unreachable(error)) {
                showAnswer({tone: "bad", title: error.message});
                return;
            }
            setOnline(false);
            return answerLocally(input).then(showAnswer);
        });
    }

    function normaliseReference(text) {
        var cleaned = text.toUpperCase().replace(/\s+/g, "");
        var match = /^(SA\d{2})-?([A-Z0-9]{4})-?(\d+)$/.exec(cleaned);
        return match ? match[1] + "-" + match[2] + "-" + parseInt(match[3], 10) : cleaned;
    }

    function digest(text) {
        if (!window.crypto || !crypto.subtle) {
            return Promise.resolve("");
        }
        return crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)).then(function (hash) {
            return Array.from(new Uint8Array(hash)).map(function (byte) {
                return byte.toString(16).padStart(2, "0");
            }).join("").slice(0, 32);
        });
    }

    function findPlace(input) {
        if (input.reference) {
            return Promise.resolve(byReference.get(normaliseReference(input.reference)));
        }
        var token = input.payload.slice(0, input.payload.lastIndexOf(":"));
        return token ? digest(token).then(function (key) {
            return byKey.get(key);
        }) : Promise.resolve(undefined);
    }

    function outcome(name, place, extra) {
        return Object.assign({
            outcome: name,
            title: words[name],
            tone: words.tones[name],
            attendee: place ? {
                name: place.name,
                organisation: place.organisation,
                ticket_type: ticketTypeName(place.ticket_type),
                reference: place.reference,
                access_needs: place.access_needs,
                key: place.key,
            } : null,
        }, extra || {});
    }

    function answerLocally(input) {
        if (!list) {
            return Promise.resolve({tone: "bad", title: words.no_copy});
        }
        return findPlace(input).then(function (place) {
            if (!place) {
                return outcome("unknown", null, {message: words.unknown_hint});
            }
            if (place.status !== "valid") {
                return outcome(place.status, place);
            }
            if (place.checked_in_at) {
                return outcome("already", place, {
                    message: format(words.already_at, {time: localTime(place.checked_in_at), who: place.checked_in_by}),
                });
            }
            var scan = {
                id: window.crypto && crypto.randomUUID ? crypto.randomUUID() : Date.now() + "-" + Math.random(),
                scanned_at: new Date().toISOString(),
                key: place.key,
            };
            scan[input.payload ? "payload" : "reference"] = input.payload || place.reference;
            queue.push(scan);
            place.checked_in_at = scan.scanned_at;
            place.checked_in_by = words.this_device;
            store();
            showCounts();
            showConnection();
            return outcome("checked_in", place, {message: words.saved_offline, queued: scan.id});
        });
    }

    function ticketTypeName(id) {
        var found = (list ? list.ticket_types : []).find(function (type) {
            return type.id === id;
        });
        return found ? found.name : "";
    }

    var symbols = {ok: "✓", warn: "!", bad: "✗"};

    // The answer to a scan, a typed reference, a pick or an undo comes to the top of
    // the screen and takes the focus (a phone shows it whatever was on screen, and a
    // screen reader is on it besides hearing the live region); typing there starts
    // the next reference. An answer from a background sync, and the reminder to type
    // a reference, are only announced (`quiet`): they leave the focus where it is.
    function showAnswer(answer, options) {
        var box = element("div", "checkin-answer checkin-answer--" + answer.tone);
        box.tabIndex = -1;
        var title = element("p", "checkin-answer__title");
        title.appendChild(element("span", "checkin-answer__symbol", symbols[answer.tone]));
        title.firstChild.setAttribute("aria-hidden", "true");
        title.appendChild(document.createTextNode(" " + answer.title));
        box.appendChild(title);
        var person = answer.attendee;
        if (person) {
            box.appendChild(element("p", "checkin-answer__name", person.name));
            var details = element("dl", "checkin-answer__details");
            [[words.organisation, person.organisation], [words.ticket, person.ticket_type], [words.reference, person.reference]]
                .forEach(function (pair) {
                    if (pair[1]) {
                        details.appendChild(element("dt", "", pair[0]));
                        details.appendChild(element("dd", "", pair[1]));
                    }
                });
            box.appendChild(details);
            if (person.access_needs) {
                box.appendChild(element("p", "checkin-answer__flag", words.access_needs));
            }
        }
        if (answer.message) {
            box.appendChild(element("p", "checkin-answer__message", answer.message));
        }
        if (answer.outcome === "checked_in" && (answer.check_in || answer.queued)) {
            var undo = element("button", "button button--secondary", words.undo);
            undo.type = "button";
            undo.addEventListener("click", function () {
                undoCheckIn(answer);
            });
            box.appendChild(undo);
        }
        answerBox.replaceChildren(box);
        if (!(options && options.quiet)) {
            box.scrollIntoView({block: "start", behavior: "instant"});
            box.focus({preventScroll: true});
        }
        if (navigator.vibrate) {
            navigator.vibrate(answer.tone === "ok" ? 80 : [80, 60, 80]);
        }
    }

    function undoCheckIn(answer) {
        var place = byKey.get(answer.attendee.key);
        var done = function () {
            if (place) {
                place.checked_in_at = null;
            }
            store();
            showCounts();
            showConnection();
            showAnswer({tone: "warn", title: format(words.undone, {name: answer.attendee.name})});
        };
        if (answer.queued && queue.some(function (scan) { return scan.id === answer.queued; })) {
            queue = queue.filter(function (scan) {
                return scan.id !== answer.queued;
            });
            done();
            return;
        }
        var id = answer.check_in ? answer.check_in.id : null;
        if (id === null) {
            return;
        }
        send(urls.undo, {check_in: id}).then(done).catch(function (error) {
            showAnswer({tone: "bad", title: error.message});
        });
    }

    // Arrivals per ticket type, from the device's copy.

    function showCounts() {
        if (!list) {
            return;
        }
        root.querySelectorAll("[data-ticket-type]").forEach(function (row) {
            var id = parseInt(row.dataset.ticketType, 10);
            var places = list.places.filter(function (place) {
                return place.ticket_type === id;
            });
            row.querySelector("[data-arrived]").textContent = places.filter(function (place) {
                return place.checked_in_at;
            }).length;
            row.querySelector("[data-expected]").textContent = places.filter(function (place) {
                return place.status === "valid";
            }).length;
        });
    }

    // Typing a reference.

    var referenceForm = root.querySelector("[data-reference-form]");
    referenceForm.addEventListener("submit", function (event) {
        event.preventDefault();
        var field = referenceForm.elements.reference;
        var reference = field.value.trim();
        if (!reference) {
            showAnswer({tone: "bad", title: words.enter_reference}, {quiet: true});
            field.focus();
            return;
        }
        checkIn({reference: reference}).then(function () {
            field.value = "";
        });
    });

    // A key that types, pressed on the focused answer, moves to the reference field
    // before its character is typed, so the character lands there.
    answerBox.addEventListener("keydown", function (event) {
        var typing = event.key.length === 1 && event.key.trim() !== "" &&
            !event.ctrlKey && !event.metaKey && !event.altKey;
        if (typing && event.target.classList.contains("checkin-answer")) {
            referenceForm.elements.reference.focus();
        }
    });

    // Searching by name or organisation, on the device's copy.

    var searchForm = root.querySelector("[data-search-form]");
    var results = root.querySelector("[data-search-results]");
    var searchStatus = root.querySelector("[data-search-status]");
    var SHOWN = 20;

    function matchCount(count) {
        if (count === 1) {
            return words.matches_one;
        }
        return format(count > SHOWN ? words.matches_first : words.matches_many, {count: count, shown: SHOWN});
    }

    function search() {
        var query = searchForm.elements.q.value.trim().toLowerCase();
        if (query.length < 2) {
            results.replaceChildren();
            searchStatus.textContent = "";
            return;
        }
        var found = list.places.filter(function (place) {
            return place.name && (place.name.toLowerCase().includes(query) ||
                place.organisation.toLowerCase().includes(query));
        });
        var matches = found.slice(0, SHOWN);
        if (!matches.length) {
            var none = format(words.no_matches, {query: searchForm.elements.q.value.trim()});
            results.replaceChildren(element("p", "", none));
            searchStatus.textContent = none;
            return;
        }
        searchStatus.textContent = matchCount(found.length);
        var items = element("ul", "checkin-matches");
        matches.forEach(function (place) {
            var item = element("li", "checkin-match");
            item.appendChild(element("p", "checkin-match__name", place.name));
            var facts = [place.organisation, ticketTypeName(place.ticket_type), place.reference];
            if (place.status !== "valid") {
                facts.push(words[place.status]);
            } else if (place.checked_in_at) {
                facts.push(words.already);
            }
            item.appendChild(element("p", "", facts.filter(Boolean).join(" · ")));
            var button = element("button", "button checkin__big-button", words.check_in + " ");
            button.type = "button";
            button.appendChild(element("span", "visually-hidden", place.name));
            button.addEventListener("click", function () {
                checkIn({reference: place.reference, via: "search"});
            });
            item.appendChild(button);
            items.appendChild(item);
        });
        results.replaceChildren(items);
    }

    searchForm.addEventListener("submit", function (event) {
        if (list) {
            event.preventDefault();
            search();
        }
    });
    searchForm.elements.q.addEventListener("input", function () {
        if (list) {
            search();
        }
    });

    // The camera.

    var camera = root.querySelector("[data-camera]");
    var video = root.querySelector("[data-camera-video]");
    var startButton = root.querySelector("[data-camera-start]");
    var stopButton = root.querySelector("[data-camera-stop]");
    var stream = null;
    var detector = null;
    var timer = null;
    var busy = false;
    var last = {text: "", at: 0};
    var canvas = document.createElement("canvas");

    function readFrame() {
        if (detector) {
            return detector.detect(video).then(function (codes) {
                return codes.length ? codes[0].rawValue : null;
            });
        }
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
        var context = canvas.getContext("2d", {willReadFrequently: true});
        context.drawImage(video, 0, 0);
        var image = context.getImageData(0, 0, canvas.width, canvas.height);
        var code = window.jsQR(image.data, image.width, image.height, {inversionAttempts: "dontInvert"});
        return Promise.resolve(code ? code.data : null);
    }

    function scanFrame() {
        if (busy || video.readyState < 2) {
            return;
        }
        busy = true;
        readFrame().then(function (text) {
            // The same code held in front of the camera answers once every few seconds.
            if (text && (text !== last.text || Date.now() - last.at > 4000)) {
                last = {text: text, at: Date.now()};
                return checkIn({payload: text});
            }
        }).catch(function () {}).then(function () {
            busy = false;
        });
    }

    function startCamera() {
        navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"}, audio: false})
            .then(function (media) {
                stream = media;
                video.srcObject = stream;
                video.hidden = false;
                if ("BarcodeDetector" in window) {
                    try {
                        detector = new window.BarcodeDetector({formats: ["qr_code"]});
                    } catch (error) {
                        detector = null;
                    }
                }
                startButton.hidden = true;
                stopButton.hidden = false;
                stopButton.focus();
                timer = window.setInterval(scanFrame, 250);
                return video.play();
            })
            .catch(function () {
                showAnswer({tone: "bad", title: words.camera_failed});
            });
    }

    function stopCamera() {
        window.clearInterval(timer);
        if (stream) {
            stream.getTracks().forEach(function (track) {
                track.stop();
            });
        }
        video.hidden = true;
        stopButton.hidden = true;
        startButton.hidden = false;
        startButton.focus();
    }

    if (navigator.mediaDevices && navigator.mediaDevices.getUserMedia &&
            ("BarcodeDetector" in window || typeof window.jsQR === "function")) {
        camera.hidden = false;
        startButton.addEventListener("click", startCamera);
        stopButton.addEventListener("click", stopCamera);
    }

    // Start: let the page open offline next time, show what the device holds,
    // then refresh it and send waiting scans.

    if ("serviceWorker" in navigator) {
        navigator.serviceWorker.register(root.dataset.serviceWorkerUrl, {scope: "/checkin/"})
            .catch(function () {});
    }

    reindex();
    showCounts();
    showConnection();
    window.addEventListener("online", function () {
        setOnline(true);
        sync().then(refreshList);
    });
    window.addEventListener("offline", function () {
        setOnline(false);
    });
    sync().then(refreshList);
    window.setInterval(function () {
        sync().then(refreshList);
    }, 30000);
})();
