"""A factory_boy factory for every model of the project, in one module.

One module, not one per app: factories cross apps (a verdict needs a claim, a webhook
subscription an API client), and one import path stays the same wherever test files move.
Models of the apps that are being lifted out of `factcheck` (webhooks, outbox) are named by
their app label, which does not change when their code moves.

Rows with a lifecycle are built as the services leave them (a flag with both sides and its
disagreement key); tests of the workflow itself build through the services (tests/reviews)."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from factcheck.authentication import api_key_digest, api_key_generate
from factcheck.engine import signatures
from factcheck.models import (
    ApiClient,
    ApiToken,
    Article,
    AuditEvent,
    Claim,
    ClaimIndexKey,
    ContradictionFlag,
    FlagClaim,
    IdempotencyRecord,
    Publisher,
    Story,
    StoryFigure,
    StoryKey,
    StoryTerm,
    TermDocumentCount,
)
from factcheck.roles import Role
from factcheck.services.common import sha256_hex
from reviews.models import Assignment, Evidence, ReviewSettings, Verdict

# --- People and API clients ------------------------------------------------------------------


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", "pass-for-tests")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        """`role="editor"`, or several: `role=("fact-checker", "editor")`."""
        names = [extracted] if isinstance(extracted, str) else list(extracted or ())
        if names:
            self.groups.add(*Group.objects.filter(name__in=names))
        self.save()


class ApiClientFactory(factory.django.DjangoModelFactory):
    """A newsroom tool: its own user, in the integration group and not staff."""

    class Meta:
        model = ApiClient
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"newsroom-tool-{n}")
    user = factory.SubFactory(
        UserFactory,
        username=factory.LazyAttribute(lambda user: f"api-{user.factory_parent.name}"),
        is_staff=False,
        role=Role.INTEGRATION,
    )


class ApiTokenFactory(factory.django.DjangoModelFactory):
    """A token of an API client. Only the digest is stored, as by the service; the plain
    key (to authenticate with) is a parameter: `ApiTokenFactory(key=known)`."""

    class Meta:
        model = ApiToken

    class Params:
        key = factory.LazyFunction(api_key_generate)

    client = factory.SubFactory(ApiClientFactory)
    prefix = factory.LazyAttribute(lambda token: token.key[:12])
    key_digest = factory.LazyAttribute(lambda token: api_key_digest(token.key))


class IdempotencyRecordFactory(factory.django.DjangoModelFactory):
    """The stored first answer to a POST sent with an Idempotency-Key."""

    class Meta:
        model = IdempotencyRecord

    user = factory.SubFactory(UserFactory)
    key = factory.Sequence(lambda n: f"idempotency-key-{n}")
    method = "POST"
    path = "/api/v1/articles/"
    request_fingerprint = factory.LazyAttribute(lambda row: sha256_hex(f"{row.path} {row.key}"))
    response_status = 201
    response_body = "{}"


# --- Articles, stories, claims ---------------------------------------------------------------


class PublisherFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publisher
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Publisher {n}")


class StoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Story

    title = factory.Sequence(lambda n: f"Story {n}")


class StoryKeyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StoryKey

    story = factory.SubFactory(StoryFactory)
    key = factory.Sequence(lambda n: f"place:town-{n}")


class StoryTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StoryTerm

    story = factory.SubFactory(StoryFactory)
    term = factory.Sequence(lambda n: f"term{n}")
    frequency = 1.0


class TermDocumentCountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TermDocumentCount
        django_get_or_create = ("term",)

    term = factory.Sequence(lambda n: f"term{n}")
    documents = 1


class ArticleFactory(factory.django.DjangoModelFactory):
    """An article stored directly, without queuing its processing (tests of later stages)."""

    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Report {n}")
    publisher = factory.SubFactory(PublisherFactory)
    body = factory.Sequence(lambda n: f"Report number {n}: nothing checkable happened here.")
    body_sha256 = factory.LazyAttribute(lambda article: sha256_hex(article.body))


class PublishedArticleFactory(ArticleFactory):
    """An article of a known publisher, with its URL and publication time."""

    publisher = factory.SubFactory(PublisherFactory, name="Delta Times", domain="delta.example")
    url = factory.Sequence(lambda n: f"https://delta.example/news/{n}")
    published_at = datetime.datetime(2025, 3, 10, 12, 0, tzinfo=datetime.UTC)


class ClaimFactory(factory.django.DjangoModelFactory):
    """A claim sent on its own unless given an article (then it belongs to it)."""

    class Meta:
        model = Claim

    article = None
    text = factory.Sequence(lambda n: f"Claim number {n}.")
    text_sha256 = factory.LazyAttribute(lambda claim: sha256_hex(claim.text))


class ClaimIndexKeyFactory(factory.django.DjangoModelFactory):
    """A key the engine files a claim under, in the claim's story (as the service does)."""

    class Meta:
        model = ClaimIndexKey

    claim = factory.SubFactory(ClaimFactory)
    story = factory.LazyAttribute(lambda row: row.claim.story)
    key = "m:killed"


class StoryFigureFactory(factory.django.DjangoModelFactory):
    """The row standing for a claim's statement in its story, under one index key."""

    class Meta:
        model = StoryFigure

    claim = factory.SubFactory(ClaimFactory, story=factory.SubFactory(StoryFactory))
    story = factory.LazyAttribute(lambda row: row.claim.story)
    article = factory.LazyAttribute(lambda row: row.claim.article)
    key = "m:killed"
    signature = factory.LazyAttribute(lambda row: row.claim.detection_signature or "0" * 32)
    published = None


# --- Contradiction flags ---------------------------------------------------------------------


def _file_in_one_story(story: Story | None, claims: tuple[Claim, ...]) -> Story:
    """The story the flag is raised in: detection compares the claims of one story only, so
    claims (and their articles) that have none are filed under the flag's."""
    story = story or next((claim.story for claim in claims if claim.story_id), None)
    story = story or StoryFactory()
    for claim in claims:
        if claim.story_id is None:
            Claim.objects.filter(pk=claim.pk).update(story=story)
            claim.story = story
            if claim.article_id and claim.article.story_id is None:
                Article.objects.filter(pk=claim.article_id).update(story=story)
                claim.article.story = story
    return story


class ContradictionFlagFactory(factory.django.DjangoModelFactory):
    """A flag as detection files it: between two claims of one story (the smaller id as
    claim_a), keyed by its disagreement (from the sides in `details`, else from the pair of
    claims, as services.flag_sides._disagreements_of does), with each claim on its side
    (FlagClaim).

    `supporting_a=[claims]` / `supporting_b=[claims]` put repeats of a side's figure on it.
    `legacy=True` builds a flag raised before flags had sides and disagreement keys (kept in
    old databases; the services still read them)."""

    class Meta:
        model = ContradictionFlag
        skip_postgeneration_save = True

    claim_a = factory.SubFactory(ClaimFactory)
    claim_b = factory.SubFactory(ClaimFactory)
    story = None
    kind = ContradictionFlag.Kind.REVISION
    score = 0.8
    explanation = "ministry: 1,200 killed vs 2,800 killed"
    details = factory.LazyFunction(dict)
    detector_version = "test"
    legacy = False  # taken out in _create: not a field

    @classmethod
    def _create(cls, model_class, *args, legacy=False, **fields):
        first, second = sorted((fields.pop("claim_a"), fields.pop("claim_b")), key=lambda c: c.pk)
        if legacy:
            return super()._create(model_class, *args, claim_a=first, claim_b=second, **fields)
        story = _file_in_one_story(fields.pop("story"), (first, second))
        found = signatures.disagreement_of(fields["details"]) or signatures.pair_disagreement(
            first.pk, second.pk, fields["kind"]
        )
        side_a, side_b = found.a, found.b
        first_named = fields["details"].get("a", {}).get("claim_id")
        if first_named is not None and str(first_named) != str(first.pk):
            side_a, side_b = side_b, side_a  # the details name the claims the other way round
        fields = {
            "disagreement": found.key,
            "figure_a": side_a.figure,
            "value_a": side_a.value,
            "figure_b": side_b.figure,
            "value_b": side_b.value,
            **fields,
        }
        flag = super()._create(
            model_class, *args, claim_a=first, claim_b=second, story=story, **fields
        )
        FlagClaim.objects.bulk_create(
            [
                FlagClaim(flag=flag, claim=first, side="a"),
                FlagClaim(flag=flag, claim=second, side="b"),
            ]
        )
        return flag

    @factory.post_generation
    def supporting_a(flag, create, extracted, **kwargs):
        for claim in extracted or ():
            FlagClaimFactory(flag=flag, claim=claim, side=FlagClaim.Side.A)

    @factory.post_generation
    def supporting_b(flag, create, extracted, **kwargs):
        for claim in extracted or ():
            FlagClaimFactory(flag=flag, claim=claim, side=FlagClaim.Side.B)


class FlagClaimFactory(factory.django.DjangoModelFactory):
    """A claim on one side of a flag (by default a repeat of side B's figure)."""

    class Meta:
        model = FlagClaim

    flag = factory.SubFactory(ContradictionFlagFactory)
    claim = factory.SubFactory(ClaimFactory, story=factory.SelfAttribute("..flag.story"))
    side = FlagClaim.Side.B


class AuditEventFactory(factory.django.DjangoModelFactory):
    """An audit row as the services write them: an action on a claim by an actor."""

    class Meta:
        model = AuditEvent

    actor = factory.SubFactory(UserFactory, role=Role.EDITOR)
    action = "claim.assigned"
    claim = factory.SubFactory(ClaimFactory)
    from_state = Claim.Status.NEW
    to_state = Claim.Status.ASSIGNED


# --- Reviews ---------------------------------------------------------------------------------


class AssignmentFactory(factory.django.DjangoModelFactory):
    """A current assignment. Its claim's status is the caller's: tests of the workflow bring
    claims to a state through the services (tests/reviews/workflow.Desk)."""

    class Meta:
        model = Assignment

    claim = factory.SubFactory(ClaimFactory)
    assignee = factory.SubFactory(UserFactory, role=Role.FACT_CHECKER)
    assigned_by = factory.SubFactory(UserFactory, role=Role.EDITOR)
    due_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=2))
    note = "Please check the toll."


class VerdictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Verdict

    claim = factory.SubFactory(ClaimFactory)
    author = factory.SubFactory(UserFactory, role=Role.FACT_CHECKER)
    rating = Verdict.Rating.FALSE
    rationale = "The ministry's own report gives another figure."


class EvidenceFactory(factory.django.DjangoModelFactory):
    """A URL cited by a verdict (pass `url=""` with `claim=` or `flag=` for the other kinds)."""

    class Meta:
        model = Evidence

    verdict = factory.SubFactory(VerdictFactory)
    position = factory.Sequence(lambda n: n)
    url = "https://example.org/ministry-report"
    note = "Page 3."


class ReviewSettingsFactory(factory.django.DjangoModelFactory):
    """The one settings row (pk 1)."""

    class Meta:
        model = ReviewSettings
        django_get_or_create = ("id",)

    id = 1
    checkers_may_take_unassigned = False


# --- Webhooks and outbox ---------------------------------------------------------------------


class WebhookSubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "webhooks.WebhookSubscription"

    client = factory.SubFactory(ApiClientFactory)
    url = factory.Sequence(lambda n: f"https://receiver.example.org/hook/{n}")
    event_types = factory.LazyFunction(lambda: ["article.checked"])
    secret = "whsec_dGVzdA=="


class WebhookEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "webhooks.WebhookEvent"

    type = "article.checked"
    data = factory.LazyFunction(lambda: {"id": 1})


class WebhookDeliveryFactory(factory.django.DjangoModelFactory):
    """A pending delivery of an event to a subscription, due now."""

    class Meta:
        model = "webhooks.WebhookDelivery"

    subscription = factory.SubFactory(WebhookSubscriptionFactory)
    event = factory.SubFactory(WebhookEventFactory)
    next_attempt_at = factory.LazyFunction(timezone.now)


class OutboxMessageFactory(factory.django.DjangoModelFactory):
    """A task waiting to be sent, due now."""

    class Meta:
        model = "outbox.OutboxMessage"

    task = "factcheck.tasks.process_article"
    args = factory.LazyFunction(lambda: [1])
    due_at = factory.LazyFunction(timezone.now)
