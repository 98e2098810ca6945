"""Input serializers validate the shape of a request (shared by the API and `ingest_articles`);
output serializers fix the fields newsroom tools depend on: add fields, never rename them."""

import re

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.fields import UtcDateTimeField
from api.serializers import (
    StrictInputSerializer,
    TextKeptAsSentField,
    reject_unpaired_surrogates,
)

from .models import Article, Claim, ContradictionFlag, Story
from .selectors import flag_claims_by_side

BATCH_MAX_ITEMS = 100


# An http(s) URL: a host in ASCII (an internationalised name in its xn-- form; no IPv6
# literal), then an optional path, query or fragment, in which any letter may stand, and no
# space or control character anywhere. The rule the schema states is the rule applied
# (Django's URL validator also limits host name labels, which a JSON Schema pattern cannot
# say; and a URL with a host that Python's urlsplit refuses is refused here too, by the host
# characters allowed).
SOURCE_URL_PATTERN = (
    r"^[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9\-._~!$&'()*+,;=%:@]+"
    r"(?:[/?#][^\x00-\x20\x7f]*)?$"
)
_SOURCE_URL = re.compile(SOURCE_URL_PATTERN)  # fullmatch: no newline before the end either


@extend_schema_field(
    {
        "type": "string",
        "pattern": SOURCE_URL_PATTERN,
        "maxLength": 2000,
        "description": "Where the article was published: an http:// or https:// URL.",
    }
)
class SourceUrlField(serializers.CharField):
    default_error_messages = {"invalid": "Enter an http:// or https:// URL."}

    def __init__(self, **kwargs):
        # Not trimmed: a URL with a space around it is not one the schema allows.
        super().__init__(trim_whitespace=False, **kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if not _SOURCE_URL.fullmatch(value):
            self.fail("invalid")
        return value


class ArticleCreateSerializer(StrictInputSerializer):
    body = TextKeptAsSentField(
        trim_whitespace=False,
        error_messages={"blank": "The body is empty."},
        validators=[reject_unpaired_surrogates],
        help_text="The article text, stored exactly as sent; at most FACTCHECK_ARTICLE_MAX_CHARS "
        "characters (200,000 by default).",
    )
    title = serializers.CharField(
        max_length=500,
        required=False,
        allow_blank=True,
        default="",
        validators=[reject_unpaired_surrogates],
    )
    url = SourceUrlField(max_length=2000, required=False, allow_null=True, default=None)
    publisher = serializers.CharField(
        max_length=200,
        required=False,
        allow_null=True,
        allow_blank=True,
        default=None,
        validators=[reject_unpaired_surrogates],
        help_text="The publisher's name.",
    )
    published_at = UtcDateTimeField(
        required=False,
        allow_null=True,
        default=None,
        help_text="An RFC 3339 date-time (2025-03-10T14:00:00+02:00) or a date (2025-03-10, "
        "its midnight in UTC), dated 1900 to 2199.",
    )

    def validate_body(self, value: str) -> str:
        if not value.strip():
            raise serializers.ValidationError("The body is empty.")
        limit = settings.FACTCHECK_ARTICLE_MAX_CHARS
        if len(value) > limit:
            raise serializers.ValidationError(
                f"The body has {len(value):,} characters; the limit is {limit:,}."
            )
        return value


class ClaimCreateSerializer(StrictInputSerializer):
    # A claim quoted from an article belongs to the article's story: not both (see validate).
    openapi_request_extra = {
        "not": {
            "type": "object",
            "properties": {"article": {"type": "integer"}, "story": {"type": "integer"}},
            "required": ["article", "story"],
        }
    }
    text = serializers.CharField(
        max_length=settings.FACTCHECK_CLAIM_MAX_CHARS, validators=[reject_unpaired_surrogates]
    )
    article = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        help_text="The article the text is quoted from (it must occur in its body).",
    )
    story = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        help_text="The story (event) to compare the claim within, when it has no article; "
        "by default the story whose names it matches.",
    )

    def validate(self, data):
        if data.get("article") is not None and data.get("story") is not None:
            raise serializers.ValidationError(
                {"story": ["A claim quoted from an article belongs to the article's story."]}
            )
        return data


class ArticleSerializer(serializers.ModelSerializer):
    # As accepted (SourceUrlField): an http(s) URL, which may carry letters an RFC 3986 URI
    # would percent-encode, so the schema says the same pattern, not `format: uri`.
    url = SourceUrlField(read_only=True, allow_null=True)
    publisher = serializers.CharField(
        source="publisher.name", default=None, read_only=True, allow_null=True
    )

    class Meta:
        model = Article
        fields = [
            "id",
            "url",
            "title",
            "publisher",
            "published_at",
            "status",
            "failure_reason",
            "story",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ArticleDetailSerializer(ArticleSerializer):
    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "body"]
        read_only_fields = fields


class ClaimSerializer(serializers.ModelSerializer):
    class Meta:
        model = Claim
        fields = [
            "id",
            "article",
            "story",
            "text",
            "start",
            "end",
            "status",
            "facts",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class FlagClaimSerializer(serializers.ModelSerializer):
    class Meta:
        model = Claim
        fields = ["id", "article", "text", "start", "end"]
        read_only_fields = fields


class ContradictionFlagSerializer(serializers.ModelSerializer):
    """One disagreement: `claim_a` / `claim_b` are the first claim of each side, `claims_a` /
    `claims_b` every claim stating that side's figure (the first one first). Side A holds the
    lower figure (held against the higher ones); the first claim of a side is its earliest
    report (publication day, then id), and `explanation` the engine's words on the two first
    claims, so a flag reads the same whatever order its reports arrived in."""

    claim_a = FlagClaimSerializer(read_only=True)
    claim_b = FlagClaimSerializer(read_only=True)
    claims_a = serializers.SerializerMethodField(
        help_text="Every claim stating side A's figure: claim_a first, then its repeats."
    )
    claims_b = serializers.SerializerMethodField(
        help_text="Every claim stating side B's figure: claim_b first, then its repeats."
    )

    def _sides(self, flag) -> dict[str, list[dict]]:
        cached = getattr(flag, "_claims_by_side", None)
        if cached is None:
            cached = flag_claims_by_side([flag.pk])[flag.pk]
            flag._claims_by_side = cached
        return cached

    @extend_schema_field(FlagClaimSerializer(many=True))
    def get_claims_a(self, flag) -> list[dict]:
        return self._sides(flag)["a"]

    @extend_schema_field(FlagClaimSerializer(many=True))
    def get_claims_b(self, flag) -> list[dict]:
        return self._sides(flag)["b"]

    class Meta:
        model = ContradictionFlag
        fields = [
            "id",
            "kind",
            "status",
            "score",
            "explanation",
            "claim_a",
            "claim_b",
            "claims_a",
            "claims_b",
            "details",
            "detector_version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class StorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Story
        fields = ["id", "title", "first_day", "last_day", "created_at", "updated_at"]
        read_only_fields = fields


class ArticleBatchSerializer(StrictInputSerializer):
    items = serializers.ListField(
        child=ArticleCreateSerializer(),
        min_length=1,
        max_length=BATCH_MAX_ITEMS,
        help_text=f"1 to {BATCH_MAX_ITEMS} articles, each as for a single submission.",
    )


class ClaimBatchSerializer(StrictInputSerializer):
    items = serializers.ListField(
        child=ClaimCreateSerializer(),
        min_length=1,
        max_length=BATCH_MAX_ITEMS,
        help_text=f"1 to {BATCH_MAX_ITEMS} claims, each as for a single submission.",
    )


class BatchArticleResultSerializer(serializers.Serializer):
    created = serializers.BooleanField(help_text="False when the article was already stored.")
    article = ArticleDetailSerializer()


class BatchClaimResultSerializer(serializers.Serializer):
    created = serializers.BooleanField(help_text="False when the claim was already stored.")
    claim = ClaimSerializer()


class ArticleBatchResponseSerializer(serializers.Serializer):
    results = BatchArticleResultSerializer(many=True, help_text="One result per item, in order.")


class ClaimBatchResponseSerializer(serializers.Serializer):
    results = BatchClaimResultSerializer(many=True, help_text="One result per item, in order.")


class ArticleMoveSerializer(StrictInputSerializer):
    story = serializers.IntegerField(
        allow_null=True,
        min_value=1,
        help_text="The story to file the article under; null files it under a new story.",
    )


class StoryFigureFlagSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ContradictionFlag.Kind.choices)
    score = serializers.FloatField()
    explanation = serializers.CharField()
    figure_a = serializers.CharField(help_text="The `signature` of the figures on side A.")
    figure_b = serializers.CharField(help_text="The `signature` of the figures on side B.")


class StoryFigureSerializer(serializers.Serializer):
    signature = serializers.CharField(
        help_text="The figure with its source: equal for every report of it, whatever the day."
    )
    text = serializers.CharField(help_text="The figure as written, in its first claim.")
    value = serializers.FloatField(allow_null=True, help_text="The number as written.")
    lo = serializers.FloatField(allow_null=True, help_text="Low bound of what it allows.")
    hi = serializers.FloatField(
        allow_null=True, help_text="High bound of what it allows; null: no upper bound."
    )
    qualifier = serializers.CharField(
        help_text="exact, lower (at least), upper (up to), near, approx, range or vague."
    )
    source = serializers.CharField(allow_null=True, help_text="Canonical source id.")
    source_label = serializers.CharField(allow_null=True, help_text="The source as named.")
    reported = serializers.DateField(
        allow_null=True, help_text="Publication day of the reporting article; null: unknown."
    )
    denied = serializers.BooleanField(help_text="The source denies this figure.")
    conflicting = serializers.BooleanField(help_text="A side of an open flag.")
    flags = serializers.ListField(
        child=serializers.IntegerField(), help_text="The open flags it is a side of."
    )
    claim_count = serializers.IntegerField(help_text="How many claims state it.")
    claims = FlagClaimSerializer(
        many=True, help_text="The claims stating it, by id; at most 20 (see claim_count)."
    )


class StoryMeasureSerializer(serializers.Serializer):
    label = serializers.CharField(help_text="What is counted, in words.")
    subject = serializers.CharField(allow_null=True, help_text="Who or what is counted.")
    event = serializers.CharField(allow_null=True, help_text="What happened to them.")
    group = serializers.CharField(allow_null=True)
    agent = serializers.CharField(allow_null=True)
    place = serializers.CharField(allow_null=True, help_text="null: the whole story.")
    period_start = serializers.DateField(allow_null=True)
    period_end = serializers.DateField(allow_null=True)
    period_open = serializers.BooleanField(help_text="A running total up to the report date.")
    period_days = serializers.IntegerField(allow_null=True)
    period_label = serializers.CharField(allow_null=True, help_text="The period as written.")
    figures = StoryFigureSerializer(
        many=True, help_text="By report date (unknown last), then figure."
    )
    flags = StoryFigureFlagSerializer(many=True, help_text="Open flags between its figures.")


class StoryFiguresSerializer(serializers.Serializer):
    story = serializers.IntegerField()
    title = serializers.CharField()
    measures = StoryMeasureSerializer(many=True, help_text="Those with most figures first.")
