"""Articles, the claims extracted from them, and the contradiction flags between claims.

State changes happen only in services (see services/): each model that has a lifecycle
declares its allowed transitions here, and the service checks them under a row lock."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class Publisher(models.Model):
    name = models.CharField(max_length=200, unique=True)
    domain = models.CharField(max_length=253, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ApiClient(models.Model):
    """A newsroom tool calling the API. It acts as its own user (in the `integration` group)
    and holds any number of revocable tokens."""

    name = models.CharField(max_length=100, unique=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_client"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class ApiToken(models.Model):
    """Only a SHA-256 digest of the key is stored: the key itself is shown once, at creation.
    Keys carry 256 bits of randomness, so a fast digest is enough (no password stretching)."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="tokens")
    prefix = models.CharField(
        max_length=16, help_text="First characters of the key, to tell tokens apart."
    )
    key_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.client.name} {self.prefix}…"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class Story(models.Model):
    """One event (an earthquake, an offensive). Articles are grouped into stories
    automatically; an editor can move an article to another story."""

    title = models.CharField(max_length=500, blank=True)
    first_day = models.DateField(null=True, blank=True, db_index=True)
    last_day = models.DateField(null=True, blank=True, db_index=True)
    # The squared norm of the story's TF-IDF centroid (its `terms`), for cosine similarity
    # without reading every term (factcheck.engine.stories); grows by addition in SQL.
    term_norm_squared = models.FloatField(default=0.0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["-last_day", "-id"]
        verbose_name_plural = "stories"

    def __str__(self) -> str:
        return self.title or f"Story {self.pk}"


class StoryKey(models.Model):
    """A place, person or organisation named in a story's articles, for matching new ones."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="keys")
    key = models.CharField(max_length=200)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["story", "key"], name="story_key_unique")]
        indexes = [models.Index(fields=["key", "story"])]

    def __str__(self) -> str:
        return self.key


class StoryTerm(models.Model):
    """A content word of a story's articles (and lone claims) with its summed term frequency:
    the story's centroid, which new articles are compared with."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="terms")
    term = models.CharField(max_length=100)
    frequency = models.FloatField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["story", "term"], name="story_term_unique")]
        indexes = [models.Index(fields=["term", "story"])]

    def __str__(self) -> str:
        return self.term


class TermDocumentCount(models.Model):
    """In how many articles a term occurs (its document frequency), for the IDF of story
    grouping; the row with the empty term counts the articles. Updated as articles arrive."""

    term = models.CharField(max_length=100, unique=True)
    documents = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.term or '(all articles)'}: {self.documents}"


class Article(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        EXTRACTED = "extracted", "Claims extracted"
        CHECKED = "checked", "Checked for contradictions"
        FAILED = "failed", "Failed"

    # Processing lifecycle. `failed -> received` is a retry; `checked -> received` reprocesses
    # an article when the engine improves.
    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.RECEIVED: frozenset({Status.EXTRACTED, Status.FAILED}),
        Status.EXTRACTED: frozenset({Status.CHECKED, Status.FAILED}),
        Status.CHECKED: frozenset({Status.RECEIVED}),
        Status.FAILED: frozenset({Status.RECEIVED}),
    }

    # Unique per first sender (see Meta): two newsrooms may send different texts under one URL.
    # Null, not "", when absent, so that articles without a URL never collide.
    url = models.URLField(max_length=2000, null=True, blank=True)  # noqa: DJ001
    title = models.CharField(max_length=500, blank=True)
    publisher = models.ForeignKey(
        Publisher, null=True, blank=True, on_delete=models.PROTECT, related_name="articles"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    story = models.ForeignKey(
        Story, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    # Set when an editor chose the story: automatic grouping never moves the article again.
    story_pinned = models.BooleanField(default=False)
    # Set once the article's words are counted in its story's terms and in the document
    # frequencies: reprocessing takes them out of the story again before filing it anew.
    story_terms_added = models.BooleanField(default=False, editable=False)
    document_keys = models.JSONField(default=list, blank=True, editable=False)
    body = models.TextField(help_text="Stored exactly as received.")
    body_sha256 = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.RECEIVED, db_index=True
    )
    failure_reason = models.TextField(blank=True)
    processing_attempts = models.PositiveIntegerField(default=0)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submitted_articles",
    )
    # Everyone who posted this article (a duplicate post adds its sender): an integration
    # sees the articles it sent, whoever sent them first.
    submitters = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="articles_sent"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "updated_at"])]
        constraints = [
            # A URL alone proves nothing about its content, so it names one article per
            # sender: another client's URL never hands over its article (services/articles.py).
            models.UniqueConstraint(
                fields=["url", "submitted_by"],
                condition=Q(url__isnull=False),
                name="article_unique_url_per_sender",
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"Article {self.pk}"

    @classmethod
    def can_transition(cls, source: str, target: str) -> bool:
        return target in cls.TRANSITIONS.get(source, frozenset())


class Claim(models.Model):
    class Status(models.TextChoices):
        NEW = "new", "New"
        ASSIGNED = "assigned", "Assigned"
        IN_REVIEW = "in_review", "In review"
        SUBMITTED = "submitted", "Verdict submitted"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        APPROVED = "approved", "Approved"
        PUBLISHED = "published", "Published"
        DISMISSED = "dismissed", "Dismissed"
        RETRACTED = "retracted", "Retracted"

    # The review workflow's transition table (who may move a claim from which state to which)
    # is reviews.models.CLAIM_TRANSITIONS: reviews builds on factcheck, never the reverse.

    # `detection_version` of a claim of an article that the engine no longer reads there (an
    # engine upgrade splits the sentence differently) and that a person has worked on: kept as
    # the record of its review, with the facts the reviewer saw, but out of detection (no
    # figures, no index keys, never compared again). Claims nobody worked on are deleted
    # instead (services.claims._claims_retire). A value, not a field: no migration.
    DETECTION_RETIRED = "retired"

    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="claims"
    )
    # The article's story (kept in step by the services), or the story a claim submitted on
    # its own was filed under. Detection compares claims within one story only.
    story = models.ForeignKey(
        Story, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims"
    )
    text = models.TextField()
    text_sha256 = models.CharField(max_length=64, editable=False)
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)
    facts = models.JSONField(
        default=dict, blank=True, help_text="Structured facts from the engine."
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submitted_claims",
    )
    submitters = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="claims_sent"
    )
    # What the claim states for detection (engine.signatures.detection_signature): claims of a
    # story with the same signature are compared through one of them (StoryFigure).
    detection_signature = models.CharField(max_length=32, blank=True, editable=False)
    # The engine version that last compared this claim with the stored ones; null = not yet.
    detection_version = models.CharField(max_length=32, blank=True)
    detected_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["article_id", "start", "id"]
        constraints = [
            # A sentence repeated in one article (captions) is one claim.
            models.UniqueConstraint(
                fields=["article", "text_sha256"], name="claim_unique_text_per_article"
            ),
            # A claim submitted on its own is stored once per sender: knowing a sentence does
            # not make another client's claim yours (services.claim_create).
            models.UniqueConstraint(
                fields=["text_sha256", "submitted_by"],
                condition=Q(article__isnull=True),
                name="claim_unique_text_without_article_per_sender",
            ),
            models.CheckConstraint(
                condition=(Q(start__isnull=True) & Q(end__isnull=True))
                | Q(start__isnull=False, end__gt=F("start")),
                name="claim_span_is_empty_or_ordered",
            ),
        ]
        # The claims of a story by statement, in id order: a statement's first claims and
        # its count (figures, detection) are read from the index alone, with no sort.
        indexes = [models.Index(fields=["story", "detection_signature", "id"])]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else self.text[:79] + "…"


class ClaimIndexKey(models.Model):
    """The keys under which the engine files a claim (measure, role, …). Detection looks up
    candidates by key through this index instead of scanning every stored claim."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="index_keys")
    # The claim's story, repeated here so that the look-up is one index range scan.
    story = models.ForeignKey(
        Story, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(max_length=200)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["claim", "key"], name="claim_index_key_unique")
        ]
        indexes = [models.Index(fields=["story", "key", "claim"])]

    def __str__(self) -> str:
        return self.key


class StoryFigure(models.Model):
    """One distinct statement of a story under one of its index keys: the claims of the story
    with this detection signature state the same facts on the same day, and `claim` stands for
    them all. Detection compares a new claim with these rows, not with every claim, so its
    cost follows the number of distinct figures of a measure, not the length of the story.
    Kept by the services: when a claim leaves its story or states something else, another
    claim making the statement takes its place (or the row goes)."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    signature = models.CharField(max_length=32)
    # Null once the claim is deleted: the next read gives the statement another claim.
    claim = models.ForeignKey(
        "Claim", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The claim's article and report day, so that candidates are read from this table alone.
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    published = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["story", "key", "signature"], name="story_figure_unique_signature"
            )
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.signature[:8]}"


class ContradictionFlag(models.Model):
    class Kind(models.TextChoices):
        NUMERIC = "numeric", "Same source, incompatible figures"
        REVISION = "revision", "Same source, figure revised later"
        CROSS_SOURCE = "cross_source", "Sources disagree"
        ENTITY = "entity", "Different names for one role"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CONFIRMED = "confirmed", "Confirmed"
        DISMISSED = "dismissed", "Dismissed"

    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.OPEN: frozenset({Status.CONFIRMED, Status.DISMISSED}),
        Status.CONFIRMED: frozenset({Status.OPEN}),
        Status.DISMISSED: frozenset({Status.OPEN}),
    }

    # `detector_version` of an open flag the engine no longer finds (a side lost its last
    # claim) that a person's review refers to (cited as evidence, settled by a verdict, acted
    # on): kept as that record, with its claims, words and status, but out of detection (its
    # disagreement keys cleared: never joined again; a disagreement found again is a new
    # flag). Flags nobody referred to are withdrawn (deleted) instead
    # (services.flag_release._flags_release). A value, not a field: no migration.
    DETECTION_RETIRED = "retired"

    # One flag per disagreement: the two figures (or people) it opposes, within a story. Each
    # side holds every claim that states its figure (FlagClaim). Its headline depends on the
    # sides alone, not on the order claims arrived in (services.flag_headline._flags_lead): side
    # A is the anchor figure's (the lower one, held against the others; of two people, the
    # smaller signature), `claim_a` and `claim_b` the first claim of each side in report
    # order (publication day, unknown last, then id), and kind, score, explanation and
    # details the engine's finding on those two.
    claim_a = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="flags_as_a")
    claim_b = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="flags_as_b")
    claims = models.ManyToManyField(
        Claim, through="FlagClaim", related_name="contradiction_flags", blank=True
    )
    story = models.ForeignKey(
        Story, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # engine.signatures.disagreement_of: the key of the two sides together, and of each side
    # with its source (`figure_*`) and without it (`value_*`, for unattributed repeats).
    # Blank on flags raised before flags were grouped by disagreement.
    disagreement = models.CharField(max_length=32, blank=True, editable=False)
    figure_a = models.CharField(max_length=32, blank=True, editable=False)
    figure_b = models.CharField(max_length=32, blank=True, editable=False)
    value_a = models.CharField(max_length=32, blank=True, editable=False)
    value_b = models.CharField(max_length=32, blank=True, editable=False)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    score = models.FloatField()
    explanation = models.TextField()
    details = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    detector_version = models.CharField(max_length=32)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["story", "disagreement"],
                condition=~Q(disagreement=""),
                name="flag_unique_disagreement_per_story",
            ),
        ]
        indexes = [
            models.Index(fields=["claim_a", "kind"]),
            models.Index(fields=["claim_b", "kind"]),
            models.Index(fields=["story", "figure_a"]),
            models.Index(fields=["story", "figure_b"]),
            # A figure stated without a source joins a flag by its value: with these, each
            # arm of that look-up is an index range, not a scan of a long story's flags.
            models.Index(fields=["story", "value_a"], name="flag_story_value_a"),
            models.Index(fields=["story", "value_b"], name="flag_story_value_b"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.explanation[:80]}"


class FlagClaim(models.Model):
    """A claim stating the figure of one side of a flag: the first claim of each side (the
    flag's claim_a / claim_b) and every repeat found since (supporting claims)."""

    class Side(models.TextChoices):
        A = "a", "Side A"
        B = "b", "Side B"

    flag = models.ForeignKey(ContradictionFlag, on_delete=models.CASCADE, related_name="sides")
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="flag_sides")
    side = models.CharField(max_length=1, choices=Side.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["flag", "side", "claim_id"]
        constraints = [
            # A claim states one figure of a disagreement: it is on one side only.
            models.UniqueConstraint(fields=["flag", "claim"], name="flag_claim_unique"),
        ]
        indexes = [models.Index(fields=["claim", "flag"])]

    def __str__(self) -> str:
        return f"flag {self.flag_id} side {self.side}: claim {self.claim_id}"


class AuditEvent(models.Model):
    """An immutable record of a state change: who, what, from, to, when, why. Written by the
    services only, never updated or deleted."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(max_length=64)
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    claim = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    flag = models.ForeignKey(
        ContradictionFlag, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    from_state = models.CharField(max_length=32, blank=True)
    to_state = models.CharField(max_length=32, blank=True)
    comment = models.TextField(blank=True)
    # What changed beyond the state: before/after values (assignee, due date, rating, …).
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.action}: {self.from_state} → {self.to_state}"


class IdempotencyRecord(models.Model):
    """The first response to a POST sent with an `Idempotency-Key`, replayed for retries of
    the same request by the same user; kept for IDEMPOTENCY_KEY_TTL."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=2000)
    request_fingerprint = models.CharField(max_length=64)
    # Null while the first request is still being processed.
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    # JSON text, ASCII-escaped: an error body may echo input (a NUL, a lone surrogate) that
    # a jsonb column refuses.
    response_body = models.TextField(blank=True)
    response_location = models.CharField(max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_unique_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.path} [{self.key}]"
