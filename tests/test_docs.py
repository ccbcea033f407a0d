"""README.md and docs/ state facts the code could contradict: statuses, settings,
commands, addresses, module paths, task paths, the lock order and links. These tests
hold the docs to the code. They read text and import modules; none needs the
database."""

import ast
import importlib
import importlib.util
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import get_commands
from django.urls import URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django_tasks.base import Task

from events import choices
from events.door.services import OUTCOMES
from home.sections import SectionPageMixin
from signatories.choices import ONS_CODES, District, OrganisationType, SignatoryStatus

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = ROOT / "docs"
PROJECT_PACKAGES = (
    "events",
    "framework",
    "home",
    "signatories",
    "site_config",
    "speakers",
    "spotlights",
    "tests",
)
# Where each app's source lives, for walking its files.
SOURCE_DIRS = [
    ROOT / "events",
    ROOT / "framework",
    ROOT / "home",
    ROOT / "signatories",
    ROOT / "site",
    ROOT / "speakers",
    ROOT / "spotlights",
    ROOT / "tests",
]


def text(path):
    return path.read_text(encoding="utf-8")


def doc(name):
    return text(DOCS / name)


def all_docs():
    """README.md and every docs/*.md, by path."""
    return [README, *sorted(DOCS.glob("*.md"))]


def without_code_blocks(markdown):
    return re.sub(r"^```.*?^```", "", markdown, flags=re.MULTILINE | re.DOTALL)


def code_spans(markdown):
    """The text of every `inline code` span outside fenced code blocks."""
    return re.findall(r"`([^`\n]+)`", without_code_blocks(markdown))


def table_rows(markdown):
    """Each table row (not the header rule) as a list of its cells."""
    rows = []
    for line in without_code_blocks(markdown).splitlines():
        if not line.startswith("|") or re.match(r"^\|[\s:|-]+\|$", line):
            continue
        # A `\|` inside a cell is a literal bar, not a cell boundary.
        cells = re.split(r"(?<!\\)\|", line.strip().strip("|"))
        rows.append([cell.strip().replace("\\|", "|") for cell in cells])
    return rows


def python_sources():
    for folder in SOURCE_DIRS:
        for path in folder.rglob("*.py"):
            if "migrations" not in path.parts:
                yield path


# The README


def test_readme_is_a_short_page_for_newcomers():
    readme = text(README)
    assert len(readme.splitlines()) < 300
    assert "make run" in readme
    assert "make test" in readme


def test_every_doc_is_linked_from_the_readme():
    linked = set(re.findall(r"\]\(docs/([\w.-]+\.md)", text(README)))
    on_disk = {path.name for path in DOCS.glob("*.md")}
    assert on_disk <= linked, f"not linked from README: {sorted(on_disk - linked)}"
    assert "settings.md" in linked, "README must say where the settings are listed"


def _slug(heading):
    """The anchor GitHub gives a heading."""
    heading = re.sub(r"[`*]", "", heading).strip().lower()
    return re.sub(r"[^\w\- ]", "", heading).replace(" ", "-")


def _anchors(path):
    if path.suffix != ".md":
        return set()
    return {
        _slug(match)
        for match in re.findall(
            r"^#+ (.+)$", without_code_blocks(text(path)), re.MULTILINE
        )
    }


@pytest.mark.parametrize("path", all_docs(), ids=lambda path: path.name)
def test_relative_links_point_to_existing_files_and_headings(path):
    broken = []
    links = re.findall(r"\]\(([^)\s]+)\)", without_code_blocks(text(path)))
    for link in links:
        if re.match(r"^[a-z]+:", link):
            continue  # http:, https:, mailto:
        target, _, anchor = link.partition("#")
        target_path = (path.parent / target).resolve() if target else path
        exists = target_path.exists()
        if not exists or (anchor and anchor not in _anchors(target_path)):
            broken.append(link)
    assert not broken, f"{path.name}: broken links {broken}"


# Statuses and other choices


ROW_STATUSES = [choices.OrderStatus, choices.AttendeeStatus, choices.WaitingListStatus]


@pytest.mark.parametrize("status", ROW_STATUSES, ids=lambda status: status.__name__)
def test_every_booking_status_is_in_the_booking_doc(status):
    """A row `| `value` | Label | meaning |` for each status."""
    rows = {tuple(row[:2]) for row in table_rows(doc("booking.md"))}
    missing = [
        f"{value} ({label})"
        for value, label in status.choices
        if (f"`{value}`", str(label)) not in rows
    ]
    assert not missing, f"docs/booking.md lacks {status.__name__} rows: {missing}"


INLINE_STATUSES = [
    (choices.BookingOutcome, "booking.md"),
    (choices.CardPaymentStatus, "payments.md"),
    (choices.RefundStatus, "payments.md"),
    (choices.InvoiceStatus, "payments.md"),
    (SignatoryStatus, "signatories.md"),
]


@pytest.mark.parametrize(
    "status, name", INLINE_STATUSES, ids=lambda item: getattr(item, "__name__", item)
)
def test_every_status_is_named_with_its_label(status, name):
    """Written as `value` (Label) in the doc's prose."""
    content = " ".join(doc(name).split())
    missing = [
        f"`{value}` ({label})"
        for value, label in status.choices
        if f"`{value}` ({label})" not in content
    ]
    assert not missing, f"docs/{name} lacks {missing}"


def test_every_door_answer_is_in_the_door_doc():
    content = doc("door.md")
    missing = [
        str(title)
        for title, _tone in OUTCOMES.values()
        if f"**{title}**" not in content
    ]
    assert not missing, f"docs/door.md lacks the answers {missing}"


@pytest.mark.parametrize(
    "values, name",
    [
        (choices.SessionType.values, "programme.md"),
        (choices.AccessFeature.values, "programme.md"),
        (OrganisationType.values, "signatories.md"),
    ],
    ids=["session types", "access features", "organisation types"],
)
def test_every_choice_value_is_in_its_doc(values, name):
    spans = set(code_spans(doc(name)))
    missing = [value for value in values if value not in spans]
    assert not missing, f"docs/{name} lacks {missing}"


def test_each_ons_code_in_the_signatories_doc_is_its_areas():
    """Written as "<area> <code>": "Fenland E07000010", "across Cambridgeshire
    E10000003"."""
    content = " ".join(doc("signatories.md").split()).lower()
    labels = dict(District.choices)
    missing = [
        f"{labels[area]} {code}"
        for area, code in ONS_CODES.items()
        if f"{str(labels[area]).lower()} {code.lower()}" not in content
    ]
    assert ONS_CODES
    assert not missing, f"docs/signatories.md lacks ONS codes {missing}"


# The lock order


def _numbered(lines):
    return [
        " ".join(match.group(1).split())
        for match in re.finditer(r"^\s*\d+\. (.+)$", lines, re.MULTILINE)
    ]


def test_the_lock_order_is_the_one_the_booking_records_take():
    records = importlib.import_module("events.booking.records").__doc__
    in_code = _numbered(records)
    section = doc("booking.md").split("**Lock order**", 1)[1].split("\n\n", 2)[1]
    assert in_code, "events/booking/records.py no longer numbers its lock order"
    assert _numbered(section) == in_code


# Settings


ENV_READERS = {"get", "getenv", "setdefault", "env_bool", "env_list", "required"}


def _environment_reads(path):
    """(variable, default) for each environment variable `path` reads: through
    `os.environ.get`, `os.environ.setdefault`, `os.getenv`, `os.environ[...]`,
    `env_bool`, `env_list` or `required`. The default is a constant, or `...` when there is none or it is
    worked out."""
    reads = []
    for node in ast.walk(ast.parse(text(path))):
        if isinstance(node, ast.Call):
            func = node.func
            name = getattr(func, "attr", None) or getattr(func, "id", None)
            if name not in ENV_READERS or not node.args:
                continue
            if name in {"get", "setdefault"} and "environ" not in ast.unparse(func):
                continue
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                default = node.args[1] if len(node.args) > 1 else None
                reads.append(
                    (
                        first.value,
                        default.value if isinstance(default, ast.Constant) else ...,
                    )
                )
        elif (
            isinstance(node, ast.Subscript)
            and "environ" in ast.unparse(node.value)
            and isinstance(node.slice, ast.Constant)
        ):
            reads.append((node.slice.value, ...))
    return reads


def _settings_reads():
    reads = []
    for path in sorted((ROOT / "site" / "settings").glob("*.py")):
        reads += _environment_reads(path)
    return reads


def _settings_doc_rows():
    """{variable: the row's default cell} from docs/settings.md's tables."""
    rows = {}
    for row in table_rows(doc("settings.md")):
        for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row[0]):
            rows[name] = row[1] if len(row) > 1 else ""
    return rows


def test_every_setting_read_from_the_environment_is_documented():
    read = {name for name, _default in _settings_reads()}
    assert {"SECRET_KEY", "DATABASE_URL", "STRIPE_SECRET_KEY"} <= read
    missing = read - set(_settings_doc_rows())
    assert not missing, f"docs/settings.md doesn't list {sorted(missing)}"


def _shown(default):
    if default is True or default is False:
        return f"`{str(default).lower()}`"
    return f"`{default}`"


def test_each_documented_default_is_the_codes():
    documented = _settings_doc_rows()
    wrong = []
    for name, default in _settings_reads():
        if default is ... or default is None:
            continue
        cell = documented.get(name, "")
        expected = "empty" if default == "" else _shown(default)
        if expected not in cell:
            wrong.append(f"{name}: {expected} not in {cell!r}")
    assert not wrong, "docs/settings.md defaults: " + "; ".join(wrong)


def _variables_read_anywhere():
    names = set()
    for path in [*python_sources(), ROOT / "manage.py", ROOT / "gunicorn.conf.py"]:
        names |= {name for name, _default in _environment_reads(path)}
    makefile = text(ROOT / "Makefile")
    names |= set(re.findall(r"^([A-Z][A-Z_]*)\s*\??=", makefile, re.MULTILINE))
    # Variables the Makefile or its shell lines use: $(BENCH), $$CI.
    names |= set(re.findall(r"\$\(([A-Z][A-Z_]*)\)", makefile))
    names |= set(re.findall(r"\$\$([A-Z][A-Z_]*)", makefile))
    return names


def test_the_settings_doc_names_only_variables_something_reads():
    stale = set(_settings_doc_rows()) - _variables_read_anywhere()
    assert not stale, f"docs/settings.md lists variables nothing reads: {stale}"


def test_the_readme_names_only_documented_settings():
    documented = set(_settings_doc_rows())
    readme_section = text(README).split("## Settings from the environment", 1)[1]
    readme_section = readme_section.split("\n## ", 1)[0]
    unknown = []
    for row in table_rows(readme_section):
        for name in re.findall(r"`([A-Z][A-Z0-9_]+\*?)`", row[0]):
            if name.endswith("*"):
                if not any(known.startswith(name[:-1]) for known in documented):
                    unknown.append(name)
            elif name not in documented:
                unknown.append(name)
    assert not unknown, f"README names settings docs/settings.md lacks: {unknown}"


# Management commands


def _project_commands():
    return sorted(
        path.stem
        for folder in SOURCE_DIRS
        for path in folder.glob("management/commands/*.py")
        if path.stem != "__init__"
    )


def test_every_management_command_of_the_project_is_documented():
    commands = _project_commands()
    assert {"seed_demo", "stripe_reconcile", "process_waiting_list"} <= set(commands)
    content = "\n".join(text(path) for path in all_docs())
    missing = [name for name in commands if not re.search(rf"\b{name}\b", content)]
    assert not missing, f"no doc mentions the commands {missing}"


def test_every_documented_manage_py_command_exists():
    known = set(get_commands())
    content = "\n".join(text(path) for path in all_docs())
    named = set(re.findall(r"manage\.py (\w+)", content))
    assert named, "the docs name no manage.py command"
    assert not named - known, f"no such commands: {sorted(named - known)}"


# Addresses


ROUTE_DOCS = {
    "events.programme.urls": "programme.md",
    "events.booking.urls": "booking.md",
    "events.payments.urls": "payments.md",
    "events.postcards.urls": "postcards.md",
    "events.feedback.urls": "feedback.md",
    "events.proposals.urls": "proposals.md",
    "events.door.urls": "door.md",
    "framework.urls": "framework.md",
    "speakers.urls": "programme.md",
    "spotlights.urls": "stories.md",
    "signatories.urls": "signatories.md",
}
NAMESPACES = {"events", "framework", "speakers", "spotlights", "signatories"}


def _public_routes():
    """(URLconf module, URL name, full route) for each address of the documented
    namespaces, outside the admin."""
    found = []

    def walk(patterns, prefix, namespace, module):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                urlconf = pattern.urlconf_module
                walk(
                    pattern.url_patterns,
                    route,
                    pattern.namespace or namespace,
                    getattr(urlconf, "__name__", module),
                )
            elif namespace in NAMESPACES and not route.startswith("admin/"):
                found.append((module, f"{namespace}:{pattern.name}", route))

    walk(get_resolver().url_patterns, "", None, None)
    return found


def _route_regex(route):
    literal_parts = re.split(r"<[^>]+>", route)
    return re.compile("/" + "[^/]+".join(map(re.escape, literal_parts)) + r"\Z")


def _documented_paths(markdown):
    """Every `/address/` written in code, with any method before it and query after
    it dropped."""
    paths = []
    for span in code_spans(markdown):
        match = re.match(r"^(?:[A-Z]+ )?(/[^?`]*)", span)
        if match:
            paths.append(match.group(1))
    return paths


def test_every_public_address_is_in_its_features_doc():
    routes = _public_routes()
    assert len(routes) > 40
    unknown = sorted({module for module, _name, _route in routes} - set(ROUTE_DOCS))
    assert not unknown, f"say which doc describes the URLconfs {unknown}"
    documented = {
        name: _documented_paths(doc(name)) for name in set(ROUTE_DOCS.values())
    }
    missing = [
        f"{url_name} /{route} (docs/{ROUTE_DOCS[module]})"
        for module, url_name, route in routes
        if not any(
            _route_regex(route).match(path) for path in documented[ROUTE_DOCS[module]]
        )
    ]
    assert not missing, "undocumented addresses: " + "; ".join(missing)


def _section_slugs():
    return {
        model.section_slug
        for model in apps.get_models()
        if issubclass(model, SectionPageMixin)
    }


@pytest.mark.parametrize("path", all_docs(), ids=lambda path: path.name)
def test_every_address_in_a_url_table_resolves(path):
    """Each `/address/` in a table's first column is served: by a view, or by
    Wagtail as a section page or a page directly beneath one (a typo in a longer
    address would otherwise fall through to Wagtail's page serving)."""
    sections = _section_slugs()
    assert {"summit", "showcase", "stories", "signatories", "speakers"} <= sections
    unserved = []
    for row in table_rows(text(path)):
        for address in _documented_paths(row[0]):
            example = re.sub(r"<[^>]+>", "1", address)
            try:
                match = resolve(example)
            except Resolver404:
                unserved.append(address)
                continue
            if match.url_name == "wagtail_serve":
                segments = [part for part in example.split("/") if part]
                if len(segments) > 2 or (segments and segments[0] not in sections):
                    unserved.append(address)
    assert not unserved, f"{path.name}: nothing serves {unserved}"


# Module, file and task paths


def _permission_codenames(model):
    meta = model._meta
    return {f"{action}_{meta.model_name}" for action in meta.default_permissions} | {
        codename for codename, _name in meta.permissions
    }


def _python_path_exists(dotted):
    """`dotted` names a module, something in one, a model (`app.Model`) or a
    permission (`app.codename`) of the project. Modules are found without being
    imported where possible (the production settings need the environment)."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        name = ".".join(parts[:cut])
        try:
            spec = importlib.util.find_spec(name)
        except ImportError:
            spec = None
        if spec is None:
            continue
        if cut == len(parts):
            return True
        found = importlib.import_module(name)
        for attribute in parts[cut:]:
            found = getattr(found, attribute, MISSING)
            if found is MISSING:
                break
        else:
            return True
        break
    if len(parts) == 2:
        try:
            config = apps.get_app_config(parts[0])
        except LookupError:
            return False
        return any(
            model.__name__ == parts[1] or parts[1] in _permission_codenames(model)
            for model in config.get_models()
        )
    return False


MISSING = object()
CHECK_ID = re.compile(r"^\w+\.[A-Z]\d{3}$")  # a system check's id, e.g. `home.W001`
DOTTED = re.compile(rf"^(?:{'|'.join(PROJECT_PACKAGES)})(?:\.\w+)+$")


@pytest.mark.parametrize(
    "path",
    [path for path in all_docs() if path.name != "upgrading.md"],
    ids=lambda path: path.name,
)
def test_every_python_path_in_the_docs_exists(path):
    """`events.booking.records`, `home.links.absolute_url`, `events.SummitPage`,
    `events.cancel_attendee`... (upgrading.md names removed paths on purpose; its
    own test checks them)."""
    spans = {span.removesuffix("()") for span in code_spans(text(path))}
    missing = sorted(
        span
        for span in spans
        if DOTTED.match(span)
        and not CHECK_ID.match(span)
        and not _python_path_exists(span)
    )
    assert not missing, f"{path.name}: no such module or name {missing}"


TOP_FOLDERS = {folder.name for folder in SOURCE_DIRS} | {"templates", "docs"}
FILE_SUFFIXES = (".py", ".html", ".txt", ".js", ".css", ".yaml", ".toml", ".md")


def _file_path_exists(span):
    migration = re.match(r"^(\w+)/(\d{4}_\w+)$", span)
    if migration:
        app, name = migration.groups()
        return (ROOT / app / "migrations" / f"{name}.py").exists()
    bases = [ROOT, ROOT / "templates", ROOT / "site" / "static"]
    return any((base / span).exists() for base in bases)


@pytest.mark.parametrize("path", all_docs(), ids=lambda path: path.name)
def test_every_file_path_in_the_docs_exists(path):
    """Source files, templates, static files and folders (`events/booking/`,
    `spotlights/includes/story_card.html`, `site/static/js/checkin.js`) and
    migrations (`events/0006_payment_permissions`)."""
    missing = []
    for span in code_spans(text(path)):
        if not re.match(r"^[\w.-]+/[\w./-]*$", span):
            continue
        looks_like_a_file = (
            span.endswith(FILE_SUFFIXES) or span.split("/")[0] in TOP_FOLDERS
        )
        if looks_like_a_file and not _file_path_exists(span):
            missing.append(span)
    assert not missing, f"{path.name}: no such files {missing}"


@pytest.mark.parametrize(
    "name, package",
    [("booking.md", "events/booking"), ("payments.md", "events/payments")],
)
def test_the_module_table_names_every_module_of_the_package(name, package):
    section = doc(name).split("## Where the code is", 1)[1].split("\n## ", 1)[0]
    named = set()
    for row in table_rows(section):
        named |= set(re.findall(r"`([\w]+\.py)`", row[0]))
    on_disk = {
        path.name
        for path in (ROOT / package).glob("*.py")
        if path.name != "__init__.py" or path.stat().st_size
    }
    assert named, f"docs/{name} has no module table"
    assert named <= on_disk, f"docs/{name} names missing modules {named - on_disk}"
    assert on_disk <= named, f"docs/{name} doesn't describe {on_disk - named}"


def _tasks_of(package):
    """Every background task defined in `package`, by the path the task queue
    stores (`Task.module_path`)."""
    tasks = set()
    for path in (ROOT / package).rglob("*.py"):
        if "@task(" not in text(path):
            continue
        module_name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        module = importlib.import_module(module_name)
        tasks |= {
            value.module_path
            for value in vars(module).values()
            if isinstance(value, Task) and value.module_path.startswith(module_name)
        }
    return tasks


def test_the_upgrading_notes_name_every_task_moved_or_added():
    """Each events task is in upgrading.md's tables: moved (old path, new path) or
    new (its path), so whoever deploys knows which queued tasks the workers can run."""
    moves, added = [], []
    for row in table_rows(doc("upgrading.md")):
        paths = re.findall(r"`([\w.]+)`", " ".join(row[1:]))
        if not paths or not all(DOTTED.match(path) for path in paths):
            continue
        if len(paths) == 2:
            moves.append(paths)
        elif len(paths) == 1:
            added.append(paths[0])
    assert moves, "docs/upgrading.md has no table of moved tasks"
    for path in added:
        module_name, _, name = path.rpartition(".")
        task = getattr(importlib.import_module(module_name), name, None)
        assert isinstance(task, Task) and task.module_path == path, path
    for old, new in moves:
        module_name, _, name = new.rpartition(".")
        task = getattr(importlib.import_module(module_name), name, None)
        assert isinstance(task, Task), f"{new} is not a task"
        assert task.module_path == new
        old_module = old.rpartition(".")[0]
        assert importlib.util.find_spec(old_module) is None, (
            f"{old_module} still exists: its tasks did not move"
        )
    assert {new for _old, new in moves} | set(added) == _tasks_of("events")
