"""Settings for Sharik, read from the environment.

Two shapes, one file:

* **Embedded** (no variables at all): SQLite under ``var/``, in-memory channel layer, local-memory
  cache, console email, background tasks run immediately. This is what ``python3 dev.py serve`` and
  ``python3 dev.py test`` use, on a machine that has nothing but Python.
* **Production** (``SHARIK_ENV=production``): every secret and service must be named in the
  environment, DEBUG is off, cookies are secure, HSTS and an enforced CSP are on. A missing variable
  stops the process at start-up with a message naming it, rather than running half-configured.

Services are chosen independently of the mode: ``DATABASE_URL`` selects PostgreSQL and
``REDIS_URL`` selects Redis (cache, sessions, rate limits, channel layer), so the test suite runs
against the real services in CI without being "production".
"""

import base64
import hashlib
from pathlib import Path

import environ
import fontpkg_ibm_plex_sans_arabic
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

SHARIK_ENV = env.str("SHARIK_ENV", default="development")
if SHARIK_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(
        f"SHARIK_ENV must be 'development' or 'production', not {SHARIK_ENV!r}."
    )
PRODUCTION = SHARIK_ENV == "production"

# Variables a production process refuses to start without. Each is explained in the README.
PRODUCTION_REQUIRED_VARIABLES = (
    "SECRET_KEY",
    "SHARIK_CIN_ENCRYPTION_KEYS",
    "SHARIK_CIN_HMAC_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "REDIS_URL",
    "EMAIL_URL",
    "DEFAULT_FROM_EMAIL",
    "SHARIK_SITE_URL",
)
if PRODUCTION:
    missing = [name for name in PRODUCTION_REQUIRED_VARIABLES if not env.str(name, default="")]
    if missing:
        raise ImproperlyConfigured(
            "Sharik is starting with SHARIK_ENV=production but these environment variables are "
            f"not set: {', '.join(missing)}. See the 'Configuration' table in README.md."
        )

DATA_DIR = Path(env.str("SHARIK_DATA_DIR", default=str(BASE_DIR / "var")))

if PRODUCTION:
    SECRET_KEY = env.str("SECRET_KEY")
    DEBUG = False
else:
    # A development key: never used in production, where SECRET_KEY is required above.
    SECRET_KEY = env.str("SECRET_KEY", default="sharik-embedded-development-key-not-for-production")
    DEBUG = env.bool("DEBUG", default=True)

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# The public address of the site, used in emails and absolute links.
SHARIK_SITE_URL = env.str("SHARIK_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SHARIK_SITE_URL
WAGTAIL_SITE_NAME = env.str("SHARIK_SITE_NAME", default="Sharik — شارك")
# No "Wagtail upgrade available" banner on the dashboard: upgrades come with Sharik's releases
# (and the check would ask Wagtail's server from the staff member's browser).
WAGTAIL_ENABLE_UPDATE_CHECK = False

# The commune this installation serves. Salé is the default; another commune sets these and
# edits its arrondissements in the admin.
SHARIK_COMMUNE_NAME = env.str("SHARIK_COMMUNE_NAME", default="")

INSTALLED_APPS = [
    "sharik",  # the project: site-wide template tags and commands
    "participation",  # the core every feature uses
    "proposals",
    "petitions",
    "information",
    "council",
    "events",
    "news",
    "budgets",  # participatory budgets
    "counters",  # assisted participation at the commune's counters
    "procedures",
    "invest",
    "sitesearch",  # one search across every kind of content
    "opendata",  # the open-data API and page
    "announcements",  # the commune's announcements by email to residents who opted in
    "consultations",
    "plan",
    "cms",
    "demo",  # the Salé demonstration data (seed_demo)
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.simple_translation",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.locales",
    "wagtail",
    "modelcluster",
    "taggit",
    # Accounts
    "allauth",
    "allauth.account",
    # Platform
    "channels",
    "django_tasks",
    "django_tasks_db",
    "rules.apps.AutodiscoverRulesConfig",
    # The open-data API (opendata/): Django REST framework, its OpenAPI 3 schema and the
    # documentation page's assets, served from their package (no CDN).
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "leaflet",  # Leaflet's JS and CSS, served by the site from the package
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "sharik.middleware.RejectNullCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sharik.middleware.LocaleMiddleware",  # Django's, the API's 404s kept
    "sharik.middleware.RememberLanguageMiddleware",
    # Anonymous visitors' pages from the cache; inside the language middlewares, which still run
    # on a cached page, outside everything a cached page does not need (participation/pagecache.py).
    "participation.pagecache.AnonymousPageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The staff admin in the staff member's profile language (sharik/middleware.py).
    "sharik.middleware.StaffAdminLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "sharik.middleware.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Residents' shared pages, with their personal parts filled in (participation/pagecache.py).
    "participation.pagecache.ResidentPageCacheMiddleware",
    # Last, so that it sees a view's exception first (sharik/middleware.py).
    "sharik.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "sharik.urls"
WSGI_APPLICATION = "sharik.wsgi.application"
ASGI_APPLICATION = "sharik.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "sharik.context_processors.site_chrome",
                # After Django's own: a page residents share carries a token marker instead.
                "participation.personal.csrf_context",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
if env.str("DATABASE_URL", default=""):
    DATABASES = {"default": env.db_url("DATABASE_URL")}
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # Django's, with a health check that needs no round trip while the connection is quiet
        # (sharik/postgresql/base.py).
        DATABASES["default"]["ENGINE"] = "sharik.postgresql"
        # Parameters sent apart from the SQL, and statements prepared: psycopg prepares a
        # statement run DATABASE_PREPARE_THRESHOLD times on a connection (5), and PostgreSQL
        # plans it once instead of at every request (planning the resident's row took longer
        # than running it). Django turns preparing off unless told (for poolers in transaction
        # mode: set DATABASE_PREPARE_THRESHOLD=0 behind one that cannot keep them). The SQL of
        # the hot paths is written once (participation/lookups.py), so it is the same text each
        # time. bench/README.md has the figures.
        DATABASES["default"].setdefault("OPTIONS", {})
        DATABASES["default"]["OPTIONS"].setdefault(
            "server_side_binding", env.bool("DATABASE_SERVER_SIDE_BINDING", default=True)
        )
        DATABASES["default"]["OPTIONS"].setdefault(
            "prepare_threshold", env.int("DATABASE_PREPARE_THRESHOLD", default=5) or None
        )
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "sharik.sqlite3",
            "OPTIONS": {
                # WAL and a busy timeout let the embedded server take concurrent requests.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache, sessions, rate limits, channel layer --------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
# Connections one process may open to Redis for the channel layer. Explicit, because without a
# bound a connect storm opens one per socket (docs/architecture.md, "Production topology";
# channels_redis#422).
CHANNEL_LAYER_MAX_CONNECTIONS = env.int("CHANNEL_LAYER_MAX_CONNECTIONS", default=200)

if REDIS_URL:
    # Redis is never the only copy (docs/architecture.md, "Production topology"): when it stops,
    # the cache answers as empty (participation/cache.py), rate limits count in each process,
    # sessions are read from the database and live events are dropped.
    CACHES = {
        "default": {
            "BACKEND": "participation.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="sharik"),
            # Seconds a process leaves Redis alone after it failed to answer.
            "RETRY_AFTER": env.float("REDIS_RETRY_AFTER", default=2.0),
            # Counted in this process's memory while Redis is down: ours, and allauth's.
            "LOCAL_FALLBACK_PREFIXES": ["ratelimit:", "allauth:rl:"],
        }
    }
    # Sessions are stored in PostgreSQL, Redis only keeps a copy in front: a restart loses none.
    SESSION_ENGINE = "participation.sessions"
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {
                "hosts": [
                    {
                        "address": REDIS_URL,
                        # redis-py 8 otherwise times idle subscribers out after 5 s.
                        "socket_timeout": None,
                        # A stopped Redis refuses at once; an unreachable one must not hold a
                        # request that publishes for long (participation/live.py).
                        "socket_connect_timeout": 1,
                        "max_connections": CHANNEL_LAYER_MAX_CONNECTIONS,
                    }
                ],
                "prefix": env.str("CHANNEL_LAYER_PREFIX", default="sharik"),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# --- Background work -------------------------------------------------------------------------
# Django's task interface (the django-tasks backport). Embedded: tasks run at once, in the
# request. Production: tasks are stored in the database and run by `manage.py worker`
# (sharik/worker.py).
TASKS_BACKEND = env.str(
    "TASKS_BACKEND",
    default=(
        "django_tasks_db.DatabaseBackend"
        if PRODUCTION
        else "django_tasks.backends.immediate.ImmediateBackend"
    ),
)
# Two queues: "counts" (visible counts of signatures, supports, participants: small, urgent,
# first) and "default" (announcements, emails, dossiers). A count waits for no email.
TASKS = {"default": {"BACKEND": TASKS_BACKEND, "QUEUES": ["default", "counts"]}}
# Seconds a recount of a visible count waits after the first write that asks for it, so that the
# writes of that moment share one pass (participation/tasks.py queue_recount).
SHARIK_RECOUNT_DELAY_SECONDS = env.float("SHARIK_RECOUNT_DELAY_SECONDS", default=0.5)
# A task its worker took and did not finish within this many seconds (the worker was killed)
# is taken up again by the next worker (sharik/worker.py). Tasks are idempotent.
SHARIK_TASK_TIMEOUT_SECONDS = env.int("SHARIK_TASK_TIMEOUT_SECONDS", default=600)
# /readyz reports the worker down once a ready task has waited longer than this (seconds).
SHARIK_READY_MAX_TASK_WAIT_SECONDS = env.int("SHARIK_READY_MAX_TASK_WAIT_SECONDS", default=300)

# --- Email -----------------------------------------------------------------------------------
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Sharik <no-reply@sharik.localhost>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
EMAIL_TIMEOUT = 20

# --- Accounts --------------------------------------------------------------------------------
AUTH_USER_MODEL = "participation.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    # allauth's, loading a resident with whether their email is confirmed (one query).
    "participation.backends.ResidentBackend",
    # Sessions opened before it came keep working.
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "profile"

ACCOUNT_ADAPTER = "participation.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "participation.forms.SignupProfileForm"
# No participation before the address is confirmed: log-in is refused until then.
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
# allauth's limits, kept on (they use the cache, so Redis in production).
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}

# --- Participation core --------------------------------------------------------------------
# Writes are rate limited per account and per address ("amount/period/scope", see
# participation/ratelimits.py). Tune per commune; tests override them.
SHARIK_RATE_LIMITS = {
    "comment": env.str("RATE_LIMIT_COMMENT", default="6/m/user,60/h/user,30/m/ip"),
    "comment_edit": env.str("RATE_LIMIT_COMMENT_EDIT", default="20/m/user,60/m/ip"),
    "report": env.str("RATE_LIMIT_REPORT", default="5/m/user,30/h/user,20/m/ip"),
    "follow": env.str("RATE_LIMIT_FOLLOW", default="30/m/user,60/m/ip"),
    "notification": env.str("RATE_LIMIT_NOTIFICATION", default="60/m/user"),
    "moderation": env.str("RATE_LIMIT_MODERATION", default="120/m/user"),
    "proposal": env.str("RATE_LIMIT_PROPOSAL", default="10/h/user,30/h/ip"),
    "identity": env.str("RATE_LIMIT_IDENTITY", default="5/h/user,20/h/ip"),
    "support": env.str("RATE_LIMIT_SUPPORT", default="30/m/user,120/m/ip"),
    "petition": env.str("RATE_LIMIT_PETITION", default="20/h/user,60/h/ip"),
    "signature": env.str("RATE_LIMIT_SIGNATURE", default="20/m/user,120/m/ip"),
    "organisation": env.str("RATE_LIMIT_ORGANISATION", default="5/h/user,20/h/ip"),
    # Answers are saved as residents type (one save per change, a few seconds apart).
    "consultation_answer": env.str("RATE_LIMIT_CONSULTATION_ANSWER", default="60/m/user,300/m/ip"),
    "consultation_email": env.str("RATE_LIMIT_CONSULTATION_EMAIL", default="3/h/ip"),
    "evaluation": env.str("RATE_LIMIT_EVALUATION", default="10/m/user,60/m/ip"),
    # Filing an information request, and the requester's steps on it (clarify, complain…).
    "information_request": env.str("RATE_LIMIT_INFORMATION_REQUEST", default="10/d/user,30/d/ip"),
    "information_step": env.str("RATE_LIMIT_INFORMATION_STEP", default="20/h/user,60/h/ip"),
    # Registering for an event and cancelling.
    "event_registration": env.str("RATE_LIMIT_EVENT_REGISTRATION", default="20/h/user,60/h/ip"),
    # "Did this page help?" on a procedure, and votes for the procedures to digitalise first.
    "procedure_feedback": env.str("RATE_LIMIT_PROCEDURE_FEEDBACK", default="10/h/user,30/h/ip"),
    "digitalisation_vote": env.str("RATE_LIMIT_DIGITALISATION_VOTE", default="30/h/user,60/h/ip"),
    # Participatory budgets: submitting an idea, and casting or changing a ballot (per address
    # as for signatures: a mobile operator puts many voters behind one address).
    "budget_idea": env.str("RATE_LIMIT_BUDGET_IDEA", default="10/h/user,30/h/ip"),
    "budget_ballot": env.str("RATE_LIMIT_BUDGET_BALLOT", default="30/h/user,120/m/ip"),
    # A counter agent's steps for residents at a counter: opening files, recording the card seen
    # and the declaration (signing for a resident is limited as every signature is).
    "counter": env.str("RATE_LIMIT_COUNTER", default="60/m/user"),
    # An investor's message to the commune (anonymous visitors may write).
    "investor_contact": env.str("RATE_LIMIT_INVESTOR_CONTACT", default="3/h/ip,10/d/ip"),
    # Typing a one-time log-in code printed at a counter (participation/login_codes.py), right or
    # wrong: with 59 bits per code, guessing one is out of reach at this pace.
    "login_code": env.str("RATE_LIMIT_LOGIN_CODE", default="10/m/ip"),
    # Asking for a copy of one's data (law 09-08, right of access): each builds a whole export.
    "data_export": env.str("RATE_LIMIT_DATA_EXPORT", default="3/h/user,5/d/user,20/h/ip"),
    # Staff writing, sending and resuming announcements; residents' "stop the announcements"
    # (per address, generously: a mail provider's one-click unsubscribes come from few addresses).
    "announcement": env.str("RATE_LIMIT_ANNOUNCEMENT", default="60/h/user"),
    "announcement_unsubscribe": env.str("RATE_LIMIT_ANNOUNCEMENT_UNSUBSCRIBE", default="300/m/ip"),
    # Giving or withdrawing a consent to an optional use (participation/consents.py).
    "consent": env.str("RATE_LIMIT_CONSENT", default="30/h/user,120/h/ip"),
    # Deleting one's account (law 09-08): each try checks a password or sends an email, so a
    # guessed password or a flood of confirmation emails is out of reach.
    "account_deletion": env.str("RATE_LIMIT_ACCOUNT_DELETION", default="5/h/user,20/h/ip"),
}
# How long the signatures of a deleted account stay on a petition filed with the council, with
# the identity declared when signing (petitions/retention.py): counted in days from the
# petition's last step (the council's decision, else the notice of inadmissibility, else the
# filing). A year covers the three months the president has to notify inadmissibility (organic
# law 113-14, arts 121-125), the council's next ordinary sessions and the time to challenge its
# decision; the period declared to the CNDP (law 09-08) is the one to set here (verify).
SHARIK_SIGNATURE_RETENTION_DAYS = env.int("SHARIK_SIGNATURE_RETENTION_DAYS", default=365)
if SHARIK_SIGNATURE_RETENTION_DAYS < 0:
    raise ImproperlyConfigured("SHARIK_SIGNATURE_RETENTION_DAYS must be 0 or more.")
# How long a log-in code printed at a counter stays valid if unused.
SHARIK_LOGIN_CODE_DAYS = env.int("SHARIK_LOGIN_CODE_DAYS", default=7)
# Announcements (announcements/sending.py): recipients per batch (one read of ids, then a claim
# and a send each); seconds a sending task works before it queues the rest, kept well under
# SHARIK_TASK_TIMEOUT_SECONDS; days the link to stop them, in each email, stays valid.
SHARIK_ANNOUNCEMENT_BATCH_SIZE = env.int("SHARIK_ANNOUNCEMENT_BATCH_SIZE", default=500)
SHARIK_ANNOUNCEMENT_TASK_SECONDS = env.int("SHARIK_ANNOUNCEMENT_TASK_SECONDS", default=60)
SHARIK_ANNOUNCEMENT_UNSUBSCRIBE_DAYS = env.int("SHARIK_ANNOUNCEMENT_UNSUBSCRIBE_DAYS", default=730)
if SHARIK_LOGIN_CODE_DAYS < 1:
    raise ImproperlyConfigured("SHARIK_LOGIN_CODE_DAYS must be at least 1.")
# The youngest a resident may be to vote in a participatory budget (budgets/rules.py); editors
# may ask more of a budget.
SHARIK_BUDGET_MINIMUM_AGE = env.int("SHARIK_BUDGET_MINIMUM_AGE", default=16)
# Figures by gender or age band show a group only from this size on (participation/equality.py).
SHARIK_FIGURES_MIN_GROUP = env.int("SHARIK_FIGURES_MIN_GROUP", default=10)
# How long an author may still correct a comment after posting it.
SHARIK_COMMENT_EDIT_WINDOW_MINUTES = env.int("SHARIK_COMMENT_EDIT_WINDOW_MINUTES", default=15)
# Top-level comments per page of a thread.
SHARIK_COMMENTS_PER_PAGE = 20
# Live threads: a client may send at most this many messages per 10 s, each at most this long.
SHARIK_SOCKET_MAX_MESSAGES_PER_10S = 20
SHARIK_SOCKET_MAX_MESSAGE_BYTES = 1024

# Proposals: "pre" — a moderator publishes each one; "post" — published at once, moderated after.
SHARIK_PROPOSAL_MODERATION = env.str("SHARIK_PROPOSAL_MODERATION", default="pre")
if SHARIK_PROPOSAL_MODERATION not in {"pre", "post"}:
    raise ImproperlyConfigured("SHARIK_PROPOSAL_MODERATION must be 'pre' or 'post'.")
# Supports after which the council commits to answer a proposal publicly.
SHARIK_PROPOSAL_SUPPORT_THRESHOLD = env.int("SHARIK_PROPOSAL_SUPPORT_THRESHOLD", default=300)

# Maps (Leaflet, served from its package). The tiles come from this address: the default is
# OpenStreetMap's; a commune may run its own tile server so no third party sees map requests.
SHARIK_MAP_TILE_URL = env.str(
    "SHARIK_MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
SHARIK_MAP_ATTRIBUTION = env.str("SHARIK_MAP_ATTRIBUTION", default="© OpenStreetMap contributors")
SHARIK_MAP_CENTER = [
    float(value) for value in env.list("SHARIK_MAP_CENTER", default=["34.0372", "-6.7985"])
]
SHARIK_MAP_ZOOM = env.int("SHARIK_MAP_ZOOM", default=13)

# National ID numbers (participation/national_id.py): Fernet keys, newest first (comma-separated,
# each 32 url-safe base64 bytes), and a separate HMAC secret for uniqueness. In production both are
# required and must be backed up apart from the database: without them the CINs are unreadable.
# The embedded install derives them from its development SECRET_KEY.
SHARIK_CIN_ENCRYPTION_KEYS = env.list(
    "SHARIK_CIN_ENCRYPTION_KEYS",
    default=[
        base64.urlsafe_b64encode(hashlib.sha256(f"cin:{SECRET_KEY}".encode()).digest()).decode()
    ],
)
SHARIK_CIN_HMAC_KEY = env.str("SHARIK_CIN_HMAC_KEY", default=f"cin-hmac:{SECRET_KEY}")
# The text residents accept when they declare their identity; bump the version when it changes.
SHARIK_IDENTITY_DECLARATION_VERSION = "2026-11"

# Petitions (petitions/law.py). The commune's class decides the signature threshold.
SHARIK_COMMUNE_POPULATION = env.int("SHARIK_COMMUNE_POPULATION", default=982_163)  # Salé, 2024
SHARIK_COMMUNE_HAS_ARRONDISSEMENTS = env.bool("SHARIK_COMMUNE_HAS_ARRONDISSEMENTS", default=True)
# Organic law 113-14 (verify): 100 signatures under 35,000 inhabitants, 200 for other communes,
# 400 for communes with arrondissements.
SHARIK_PETITION_THRESHOLDS = {
    "under_35000": env.int("SHARIK_PETITION_THRESHOLD_UNDER_35000", default=100),
    "other": env.int("SHARIK_PETITION_THRESHOLD_OTHER", default=200),
    "with_arrondissements": env.int("SHARIK_PETITION_THRESHOLD_WITH_ARRONDISSEMENTS", default=400),
}
# Months within which an inadmissible petition's mandataire is notified (verify).
SHARIK_PETITION_NOTICE_MONTHS = env.int("SHARIK_PETITION_NOTICE_MONTHS", default=3)
# The law sets no collection period; staff choose one at publication, this long by default.
SHARIK_PETITION_COLLECTION_DAYS = env.int("SHARIK_PETITION_COLLECTION_DAYS", default=90)
# How long a consultation's participation link (participants without an account) stays valid.
SHARIK_CONSULTATION_LINK_MAX_AGE = env.int("SHARIK_CONSULTATION_LINK_MAX_AGE", default=7 * 86400)
# Days after a questionnaire closes until the addresses of participants without an account are
# erased (their answers stay, anonymous).
SHARIK_CONSULTATION_ADDRESS_RETENTION_DAYS = env.int(
    "SHARIK_CONSULTATION_ADDRESS_RETENTION_DAYS", default=30
)
# Filing receipts are numbered "<prefix>-<year>-<number>", e.g. SALE-2026-0007.
SHARIK_PETITION_RECEIPT_PREFIX = env.str("SHARIK_PETITION_RECEIPT_PREFIX", default="SALE")
# Information requests (law 31-13) are numbered "<prefix>-<year>-<number>", e.g. SALE-AI-2026-0012.
SHARIK_INFORMATION_REQUEST_PREFIX = env.str(
    "SHARIK_INFORMATION_REQUEST_PREFIX", default=f"{SHARIK_PETITION_RECEIPT_PREFIX}-AI"
)
# The text signatories accept (organic law 113-14: signatories share a common interest in the
# petition); bump the version when it changes.
SHARIK_SIGNATURE_DECLARATION_VERSION = "2026-11"

# --- The open-data API (opendata/) ---------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_RATES": {"api": env.str("SHARIK_API_RATE", default="120/min")},
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Sharik open data API",
    "DESCRIPTION": (
        "The public data of the participation platform of the commune: proposals, petitions, "
        "consultations, the action plan, council sessions and answered information requests. "
        "Read-only, ODbL. No personal data."
    ),
    "VERSION": "1.0.0",
    "LICENSE": {"name": "ODbL-1.0", "url": "https://opendatacommons.org/licenses/odbl/1-0/"},
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "PREPROCESSING_HOOKS": ["opendata.schema.only_open_data"],
    # A petition's decision and an agenda item's outcome are the same choices.
    "ENUM_NAME_OVERRIDES": {"DecisionEnum": "council.models.Outcome"},
}

# --- Internationalisation --------------------------------------------------------------------
LANGUAGE_CODE = "ar"
LANGUAGES = [
    ("ar", "العربية"),
    # Standard Moroccan Tamazight in Tifinagh, beside Arabic (organic law 26-16), left to right.
    # Django does not know it: sharik/i18n.py adds it to LANG_INFO, and its strings not yet
    # translated fall back to Arabic (LANGUAGE_CODE), never to English.
    ("zgh", "ⵜⴰⵎⴰⵣⵉⵖⵜ"),
    ("fr", "Français"),
    ("en", "English"),
]
RTL_LANGUAGES = {"ar"}
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Africa/Casablanca"
USE_I18N = True
# Local number formats (sharik/formats/): Arabic amounts grouped by thousands.
FORMAT_MODULE_PATH = ["sharik.formats"]
USE_TZ = True
LANGUAGE_COOKIE_NAME = "sharik_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600

WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE = True

# --- Static and media ------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(DATA_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(DATA_DIR / "media")))
# Documents only their owners and staff may read (an association's statutes, a body's decision to
# petition): outside MEDIA_ROOT, never served by the web server, only through permission checks.
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(DATA_DIR / "private")))
# Static files built from packages at install time (``manage.py build_fonts``); git ignores them.
BUILT_STATIC_DIR = BASE_DIR / "build" / "static"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # The web font as WOFF2 subsets (sharik/fonts.py), once built.
    *([BUILT_STATIC_DIR] if BUILT_STATIC_DIR.is_dir() else []),
    # The font's TTF files, from its Python package: only for browsers without WOFF2.
    ("fonts/ibm-plex-sans-arabic", Path(fontpkg_ibm_plex_sans_arabic.__file__).parent / "files"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG

# --- Wagtail ---------------------------------------------------------------------------------
SHARIK_ADMIN_PATH = env.str("SHARIK_ADMIN_PATH", default="staff").strip("/")
# The staff admin in the languages its own catalogs (Wagtail's, allauth's) cover; Amazigh pages
# are edited from it like any other locale's.
WAGTAILADMIN_PERMITTED_LANGUAGES = [(code, name) for code, name in LANGUAGES if code != "zgh"]
# Amazigh pages are aliases of the Arabic ones until translated (cms/amazigh.py).
SHARIK_MIRRORED_LANGUAGE = "zgh"
# Wagtail's database search: PostgreSQL full text in production, SQLite FTS5 embedded. The
# "simple" configuration: no stemming, as content mixes Arabic, French and English; Arabic
# spelling variants are folded in the index and the query instead (participation/arabic.py).
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "simple"}
}
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILDOCS_EXTENSIONS = ["pdf", "odt", "ods", "docx", "xlsx", "csv", "txt"]
WAGTAIL_ALLOW_UNICODE_SLUGS = True
# No staff email hashes sent to a third party (law 09-08): avatars are uploaded, not Gravatar.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILEMBEDS_RESPONSIVE_HTML = True
TAGGIT_CASE_INSENSITIVE = True

# --- Security --------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "sharik.views.csrf_failure"
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Seconds an anonymous visitor's page may be served from the cache; any change that shows on a
# page ends it earlier (participation/pagecache.py). 0 turns the page cache off.
SHARIK_PAGE_CACHE_SECONDS = env.int("SHARIK_PAGE_CACHE_SECONDS", default=60)

# The bare Django views the benchmarks measure beside Sharik's pages (bench/reference.py), served
# under /bench/ by deploy/local-prod only.
SHARIK_BENCH_REFERENCE = env.bool("SHARIK_BENCH_REFERENCE", default=False)

# Production over plain HTTP, for the production topology run on one machine by
# deploy/local-prod (benchmarks, rehearsals): never for a public address, so it is refused unless
# every allowed host is this machine.
LOCAL_HTTP = PRODUCTION and env.bool("SHARIK_LOCAL_HTTP", default=False)
if LOCAL_HTTP and not set(ALLOWED_HOSTS) <= {"127.0.0.1", "localhost", "[::1]"}:
    raise ImproperlyConfigured(
        "SHARIK_LOCAL_HTTP turns TLS off: it is only allowed when ALLOWED_HOSTS names this "
        "machine alone (127.0.0.1, localhost, [::1])."
    )

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not LOCAL_HTTP)
    SESSION_COOKIE_SECURE = not LOCAL_HTTP
    CSRF_COOKIE_SECURE = not LOCAL_HTTP
    LANGUAGE_COOKIE_SECURE = not LOCAL_HTTP
    SECURE_HSTS_SECONDS = 0 if LOCAL_HTTP else env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = not LOCAL_HTTP
    SECURE_HSTS_PRELOAD = not LOCAL_HTTP
    CSRF_TRUSTED_ORIGINS = CSRF_TRUSTED_ORIGINS or [SHARIK_SITE_URL]

# Content Security Policy, enforced. The public site runs only its own scripts and styles; no
# third-party origin receives residents' requests (law 09-08: no transfers by default).
_SELF = "'self'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_SELF],
        "script-src": [_SELF],
        "style-src": [_SELF],
        "img-src": [
            _SELF,
            "data:",
            # the map tiles' origin, from SHARIK_MAP_TILE_URL
            "/".join(SHARIK_MAP_TILE_URL.split("/")[:3]).replace("{s}.", "*."),
            *env.list("CSP_EXTRA_IMG_SRC", default=[]),
        ],
        "font-src": [_SELF],
        "connect-src": [_SELF],
        "frame-src": [_SELF, *env.list("CSP_EXTRA_FRAME_SRC", default=[])],
        "frame-ancestors": ["'none'"],
        "form-action": [_SELF],
        "base-uri": [_SELF],
        "object-src": ["'none'"],
    }
}
# The Wagtail admin ships inline styles and scripts of its own; it gets a policy that allows
# them, for staff only, under its own path.
SHARIK_ADMIN_CONTENT_SECURITY_POLICY = {
    **CONTENT_SECURITY_POLICY["DIRECTIVES"],
    "script-src": [_SELF, "'unsafe-inline'", "'unsafe-eval'"],
    "style-src": [_SELF, "'unsafe-inline'"],
    "img-src": [_SELF, "data:", "blob:"],
    "frame-ancestors": [_SELF],
}

# --- Logging ---------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},  # one INFO line per font table subset in each PDF
    },
}
