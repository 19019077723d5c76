"""The full-page cache of anonymous visitors (docs/architecture.md, "Page cache").

Most readers of a viral petition are not logged in. Their pages are the same for everyone in a
language, so the first render is kept in the cache and served to the next visitors without a
query, a template or a session.

What is cached: a GET (or HEAD) of a language-prefixed public address by a visitor without a
session or flash messages, answered 200 without setting a cookie, without a CSRF token in the
page and without ``Cache-Control: private``. Pages with a form that needs a token (log-in, sign
up) are therefore never cached; nothing personal ever is.

Invalidation: every entry carries the *generation* it was rendered in; any change that can show
on a page (a saved or deleted row of any model not listed in ``NOT_SHOWN``, a page published, a
count flushed by the worker through ``pages_changed()``) moves the generation on, and older
entries are not served again. Entries also expire after ``SHARIK_PAGE_CACHE_SECONDS``, which
bounds what time alone changes (a phase that opens at noon). One round trip per request reads
the generation and the entry together.

With Redis down the cache answers empty (participation/cache.py): every visitor gets a fresh
page, as if there were no cache.
"""

import contextlib
import contextvars
import functools
import hashlib
import pickle
import threading
import time

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from participation import personal

GENERATION_KEY = "pagecache:generation"
# The generation of Wagtail's tree of pages: its pages, sites, locales and view restrictions
# (``TREE``). It moves with them only, not with a count or a comment: what is worked out from
# the tree alone (the way to a page, the page itself, a page host) is remembered under it
# (``remembered(…, tree=True)``), and a busy petition's recounts, each moving the generation of
# public content, do not make every process walk Wagtail's tree again (bench/README.md).
TREE_GENERATION_KEY = "pagecache:tree-generation"
TREE = {
    "wagtailcore.site",
    "wagtailcore.locale",
    "wagtailcore.pageviewrestriction",
    "wagtailcore.pageviewrestriction_groups",
}
HIT_HEADER = "X-Sharik-Page-Cache"

# Rows no public page shows: saving them leaves the cached pages as they are.
# (A resident's email addresses and identity declaration are not shown, but they decide what the
# resident may do and are remembered with their row per generation: participation/backends.py.)
NOT_SHOWN = {
    "sessions.session",
    "admin.logentry",
    "django_tasks_database.dbtaskresult",
    "account.emailconfirmation",
    "participation.notification",
    "participation.notificationpreference",
    "participation.auditlogentry",
    "participation.queuedrecount",
    # Who follows what is shown to no one but the follower (a signature's follow must not end
    # every cached page of the site).
    "participation.follow",
    # A consultation's responses and answers show only through the tally their recount saves
    # (consultations/counts.py), which moves the generation on, through results counted at most
    # once a minute (consultations/results.py), and as published quotes, whose publishing,
    # withdrawal or replacement moves it explicitly (consultations/services.py): answering or
    # autosaving a questionnaire must not end every kept page and remembered way of the site.
    "consultations.response",
    "consultations.answer",
    # A thread's comments: their writes end the pages themselves, a burst of new comments once
    # and then with their recount (participation/services.py ``_thread_changed``).
    "participation.comment",
    "wagtailcore.pagelogentry",
    "wagtailcore.modellogentry",
    "wagtailcore.revision",
    "wagtailcore.workflowstate",
    "wagtailcore.taskstate",
    "wagtailusers.userprofile",
}


# The generation of the request this thread is serving (None outside one, or when unknown).
_generation = contextvars.ContextVar("sharik_page_generation", default=None)
_tree_generation = contextvars.ContextVar("sharik_tree_generation", default=None)


# What ``remembered`` keeps, apart for what is the same for everyone (a few entries per language
# and page) and for what is per resident (their row, declaration and permissions), each for one
# generation: entries of an older generation are never read again, so a memo is dropped whole
# when a request of another generation stores in it (a viral petition's recounts move the
# generation on every second or so: the memo never holds more than a moment's residents), and
# when it grows past its size, so many residents never push the site chrome out.
class _Memo:
    def __init__(self, size):
        self.size = size
        self.current = (None, {})  # (its generation, what is kept): replaced whole, never mixed


_memos = {"shared": _Memo(4096), "per_resident": _Memo(50_000), "tree": _Memo(4096)}
_memo_lock = threading.Lock()


def remembered(key, compute, per_resident=False, tree=False):
    """``compute()``, remembered in this process under ``key`` for the current generation of
    public content: what changes only with public content (the site chrome, the names of terms
    in a language, a resident's permissions) costs nothing once worked out, until the next
    change. Outside a request, or while the generation cannot be known (Redis out of reach), it
    is worked out each time. ``tree``: what depends on Wagtail's tree of pages alone, remembered
    for the generation of the tree (``TREE_GENERATION_KEY``)."""
    generation = (_tree_generation if tree else _generation).get()
    if generation is None:
        return compute()
    kept = _memos["tree" if tree else "per_resident" if per_resident else "shared"]
    memo_generation, memo = kept.current
    if memo_generation == generation:
        try:
            return memo[key]
        except KeyError:
            pass
    value = compute()
    with _memo_lock:
        memo_generation, memo = kept.current
        if memo_generation != generation or len(memo) >= kept.size:
            memo = {}
            kept.current = (generation, memo)
        memo[key] = value
    return value


def remembered_copy(key, compute, tree=False):
    """``remembered``, for a model instance (or None): kept pickled, and each call gets an
    instance of its own, with nothing another request set or cached on one (unpickling a page is
    0.04 ms; reading it again, a join of many columns and StreamFields, 2.7 ms of CPU)."""
    kept = remembered(key, lambda: _pickled(compute()), tree=tree)
    return None if kept is None else pickle.loads(kept)  # noqa: S301 (what this process pickled)


def _pickled(instance):
    return None if instance is None else pickle.dumps(instance, protocol=pickle.HIGHEST_PROTOCOL)


def remembered_fields(model, pk, names):
    """The ``model`` instance ``pk`` holding only the fields ``names`` (attnames, the rest
    deferred), its row remembered per generation (``remembered``), or None when there is none.
    For the writes that check a few fields of a popular object before one statement that checks
    them again (signing a petition, supporting a proposal)."""
    # Model.from_db reads a partial row in the order of the model's fields.
    columns = tuple(
        field.attname for field in model._meta.concrete_fields if field.attname in names
    )
    if len(columns) != len(set(names)):
        raise ValueError(f"Not fields of {model.__name__}: {set(names) - set(columns)}")
    manager = model._default_manager
    row = remembered(
        ("fields", model._meta.label, pk, columns),
        lambda: manager.filter(pk=pk).values_list(*columns).first(),
    )
    return None if row is None else model.from_db(manager.db, columns, row)


def pages_changed():
    """Something that shows on public pages changed: no cached page older than now is served."""
    _move(GENERATION_KEY)


def tree_changed():
    """Wagtail's tree of pages changed: nothing remembered from an older tree is used."""
    _move(TREE_GENERATION_KEY)


def _move(key):
    try:
        cache.incr(key)
    except ValueError:  # no generation yet (or Redis forgot it): start a new one
        cache.set(key, time.time_ns(), timeout=None)


def current_generation(found=None, key=GENERATION_KEY):
    """The generation of public content now (``key``: or of the tree of pages; ``found``: what
    a ``get_many`` already read), or None when it cannot be known (Redis out of reach): then
    nothing is served from a cache that depends on it. A generation Redis forgot (restarted
    empty) starts again from the clock, never from a number an older page or memo was kept
    under."""
    value = found.get(key) if found is not None else cache.get(key)
    if getattr(cache, "unavailable", False):
        return None
    if value is None:
        value = time.time_ns()
        if not cache.add(key, value, timeout=None):
            value = cache.get(key)
    return value


def pages_changed_on_commit(using=None):
    """``pages_changed()`` once the current transaction commits (at once outside one), once per
    transaction: before the commit, a page rendered meanwhile would still show the old rows
    and be kept under the new generation."""
    _once_on_commit(pages_changed, using)


def _once_on_commit(move, using=None):
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        move()
    elif not any(
        # Registered already, at this level or an outer one (a rollback that drops it drops
        # this change too).
        callback is move and savepoints <= set(connection.savepoint_ids)
        for savepoints, callback, _robust in connection.run_on_commit
    ):
        transaction.on_commit(move, using=using)


def _in_tree(model):
    from wagtail.models import Page

    return model._meta.label_lower in TREE or issubclass(model, Page)


def _row_changed(sender, using=None, update_fields=None, **kwargs):
    # A feature's model that no public page shows says so itself (``shown_on_pages = False``:
    # an investor's message, say); the core names none of them.
    if sender._meta.label_lower in NOT_SHOWN or not getattr(sender, "shown_on_pages", True):
        return
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # a log-in
    pages_changed_on_commit(using)
    if _in_tree(sender):
        _once_on_commit(tree_changed, using)


def connect_signals(app_config):
    post_save.connect(_row_changed, dispatch_uid="pagecache-save")
    post_delete.connect(_row_changed, dispatch_uid="pagecache-delete")
    m2m_changed.connect(_row_changed, dispatch_uid="pagecache-m2m")
    # Once per migrate (sent for each app: this one's only).
    post_migrate.connect(_release_changed, sender=app_config, dispatch_uid="pagecache-migrate")


def _release_changed(**kwargs):
    """``migrate``, which every upgrade runs (README.md, "Production"): the new release's
    templates, translations and code may show pages otherwise than the kept ones, which nothing
    else would end until the next change of content."""
    pages_changed()
    tree_changed()


def _key(request):
    address = f"{request.get_host()}{request.get_full_path()}"
    return "pagecache:page:" + hashlib.sha256(address.encode()).hexdigest()


def _cacheable_request(request):
    if request.method not in {"GET", "HEAD"}:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    if request.path_info.startswith(f"/{settings.SHARIK_ADMIN_PATH}/"):
        return False
    return translation.get_language_from_path(request.path_info) is not None


def _cacheable_response(request, response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
        and not getattr(getattr(request, "user", None), "is_authenticated", False)
    )


class AnonymousPageCacheMiddleware:
    """Serve anonymous visitors' pages from the cache, and keep those that can be kept."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.SHARIK_PAGE_CACHE_SECONDS
        if seconds and _shareable_request(request):
            # A resident's page: the generation and the shared copies of the page read together,
            # in the one round trip ResidentPageCacheMiddleware then uses.
            keys = _resident_keys(request)
            found = _read(request, [*keys.values()])
            request._sharik_shared_pages = (found, keys)
            with _generations(found):
                return self.get_response(request)
        if not seconds or not _cacheable_request(request):
            # What is remembered per generation (``remembered``) needs them: one read, with the
            # session's cached copy.
            with _generations(_read(request, [])):
                return self.get_response(request)
        key = _key(request)
        found = _read(request, [key])
        generation = current_generation(found)
        entry = found.get(key)
        if generation is not None and entry is not None and entry[0] == generation:
            _generation_kept, content, headers = entry
            return _rebuild(content, headers)
        with _generations(found):
            response = self.get_response(request)
        if generation is not None and _cacheable_response(request, response):
            patch_vary_headers(response, ["Cookie"])
            cache.set(key, (generation, response.content, _kept_headers(response)), timeout=seconds)
            response[HIT_HEADER] = "miss"
        return response


@contextlib.contextmanager
def _generations(found):
    """The request's generations (of public content, of the tree of pages) set for
    ``remembered``, from what ``_read`` found."""
    tokens = (
        _generation.set(current_generation(found)),
        _tree_generation.set(current_generation(found, TREE_GENERATION_KEY)),
    )
    try:
        yield
    finally:
        _generation.reset(tokens[0])
        _tree_generation.reset(tokens[1])


def _read(request, keys):
    """``keys`` and the generations read from the cache in one round trip, and with them the
    cached copy of the request's session, handed to it (participation/sessions.py): the session
    then costs no round trip of its own."""
    keys = [GENERATION_KEY, TREE_GENERATION_KEY, *keys]
    session = getattr(request, "session", None)
    primable = (
        hasattr(session, "prime")
        and session.session_key
        and settings.SESSION_CACHE_ALIAS == DEFAULT_CACHE_ALIAS
    )
    if not primable:
        return cache.get_many(keys)
    found = cache.get_many([*keys, session.cache_key])
    session.prime(found.get(session.cache_key))
    return found


# --- Pages residents share ---------------------------------------------------------------------
# docs/architecture.md, "Pages residents share". A logged-in resident reading a petition reads
# what every other resident reads but for a few personal parts (participation/personal.py). A view
# whose page is so says it with ``share_with_residents``; the page is kept with its personal parts
# as markers, and served to the next residents with theirs filled in, without running the view.

RESIDENT_KEY_PREFIX = "pagecache:resident:"

# What a shared page may be served to: a session holding nothing but the log-in (a comment
# draft kept after an error, a questionnaire's link, a flash message show on the page).
SHARED_SESSION_KEYS = {
    "_auth_user_id",
    "_auth_user_backend",
    "_auth_user_hash",
    "account_authentication_methods",
}


def share_with_residents(request, not_for=()):
    """The page being rendered for ``request`` is the same for every resident who may be
    served it, except for its personal parts and for the residents ``not_for`` (ids: the author
    of the content, who sees their own links). Residents are told apart only by whether their
    email is confirmed (each kind has its own copy); staff and residents with any permission
    are never served a shared page."""
    if getattr(request, "_sharik_shared_pages", None) is None:
        return
    request._sharik_not_shared_with = set(getattr(request, "_sharik_not_shared_with", ()))
    request._sharik_not_shared_with.update(not_for)
    personal.defer(request)


def shared_with_residents(view):
    """Decorate a view whose page is the same for every resident (``share_with_residents``)."""

    @functools.wraps(view)
    def share(request, *args, **kwargs):
        share_with_residents(request)
        return view(request, *args, **kwargs)

    return share


def not_shared_with(request, user_ids):
    """The page shows something of its own to ``user_ids`` (their comments' links)."""
    if request is not None and hasattr(request, "_sharik_not_shared_with"):
        request._sharik_not_shared_with.update(user_ids)


def _shareable_request(request):
    """A GET of a public address by someone with a session (told apart later)."""
    return (
        request.method in {"GET", "HEAD"}
        and settings.SESSION_COOKIE_NAME in request.COOKIES
        and not request.COOKIES.get("messages")
        and not request.path_info.startswith(f"/{settings.SHARIK_ADMIN_PATH}/")
        and translation.get_language_from_path(request.path_info) is not None
    )


def _resident_keys(request):
    address = f"{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return {kind: f"{RESIDENT_KEY_PREFIX}{kind}:{digest}" for kind in ("verified", "unverified")}


def _kind_of_resident(request):
    """ "verified" or "unverified" for a resident a shared page may be served to, else None."""
    user = request.user
    if not user.is_authenticated or user.is_staff or user.is_superuser:
        return None
    if not set(request.session.keys()) <= SHARED_SESSION_KEYS:
        return None
    if user.get_all_permissions():  # remembered per generation (participation/backends.py)
        return None
    from participation.rules import is_verified_resident

    return "verified" if is_verified_resident(user) else "unverified"


class ResidentPageCacheMiddleware:
    """Serve residents the shared copy of a page with their personal parts, and keep the pages
    views share. Inside the authentication and message middlewares."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        shared = getattr(request, "_sharik_shared_pages", None)
        kind = _kind_of_resident(request) if shared is not None else None
        if kind is None:
            request._sharik_shared_pages = None
            return self.get_response(request)
        found, keys = shared
        key = keys[kind]
        generation = _generation.get()
        entry = found.get(key)
        user_id = request.user.pk
        if (
            generation is not None
            and entry is not None
            and entry[0] == generation
            and user_id not in entry[1]
        ):
            personal.defer(request)
            response = _rebuild(entry[2], entry[3])
        else:
            token_before = request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            response = self.get_response(request)
            not_for = getattr(request, "_sharik_not_shared_with", None)
            if (
                not_for is not None
                and generation is not None
                and user_id not in not_for
                and _cacheable_shared_response(request, response, token_before)
            ):
                cache.set(
                    key,
                    (generation, frozenset(not_for), response.content, _kept_headers(response)),
                    timeout=settings.SHARIK_PAGE_CACHE_SECONDS,
                )
                response[HIT_HEADER] = "miss"
        if personal.defers(request) and not response.streaming:
            response.content = personal.fill(request, response.content)
        return response


def _cacheable_shared_response(request, response, token_before):
    messages = getattr(request, "_messages", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        # A token asked for outside the personal parts would be kept in the page.
        and request.META.get("CSRF_COOKIE_NEEDS_UPDATE") == token_before
        and "no-store" not in response.get("Cache-Control", "")
        and not (messages is not None and len(messages))
    )


def _kept_headers(response):
    """What of a response's headers is kept with its page: not its cookies, not its date."""
    return [
        (name, value)
        for name, value in response.items()
        if name.lower() not in {"set-cookie", "date"}
    ]


def _rebuild(content, headers):
    """A kept page served again."""
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    response[HIT_HEADER] = "hit"
    return response
