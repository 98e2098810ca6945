"""Input serializers check the shape of a request (types, required fields); the services check
what the input means (a fact-checker as assignee, flags of this claim, …), so the admin
cannot get around it. Output serializers fix the fields clients depend on: add, never
rename."""

from rest_framework import serializers

from api.fields import UtcDateTimeField
from api.serializers import StrictInputSerializer, reject_unpaired_surrogates
from config.ids import ID_MAX
from factcheck.models import AuditEvent, ContradictionFlag

from . import selectors
from .models import Assignment, Evidence, Verdict
from .services.common import (
    BULK_ASSIGN_MAX,
    EVIDENCE_MAX,
    NOTE_MAX,
    RESOLVES_MAX,
    TEXT_MAX,
)
from .services.verdicts import EvidenceItem


def _id(**kwargs) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=ID_MAX, **kwargs)


def _text(*, required: bool, max_length: int = TEXT_MAX, **kwargs) -> serializers.CharField:
    return serializers.CharField(
        required=required,
        allow_blank=not required,
        max_length=max_length,
        validators=[reject_unpaired_surrogates],
        **({"default": ""} if not required else {}),
        **kwargs,
    )


# --- Input ---------------------------------------------------------------------------------


class EmptyInputSerializer(StrictInputSerializer):
    """Actions without parameters: an empty body (or `{}`)."""


class AssignInputSerializer(StrictInputSerializer):
    assignee = _id(help_text="The fact-checker's user id.")
    due_at = UtcDateTimeField(
        required=False,
        allow_null=True,
        default=None,
        help_text="An RFC 3339 date-time or a date, in the future.",
    )
    note = _text(required=False, max_length=NOTE_MAX)

    def validate_assignee(self, value: int):
        user = selectors.user_get(value)
        if user is None or not user.is_active:
            raise serializers.ValidationError("No such user.")
        return user


class BulkAssignInputSerializer(AssignInputSerializer):
    claims = serializers.ListField(
        child=_id(),
        min_length=1,
        max_length=BULK_ASSIGN_MAX,
        help_text="Claim ids; all are assigned or none.",
    )


class EvidenceInputSerializer(StrictInputSerializer):
    url = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    claim = _id(required=False, allow_null=True, default=None)
    flag = _id(required=False, allow_null=True, default=None)
    note = _text(required=False, max_length=NOTE_MAX)


class VerdictInputSerializer(StrictInputSerializer):
    rating = serializers.ChoiceField(choices=Verdict.Rating.choices)
    rationale = _text(required=True)
    evidence = serializers.ListField(
        child=EvidenceInputSerializer(),
        allow_empty=False,
        max_length=EVIDENCE_MAX,
        help_text="Each item: `url` (http or https), or `claim` / `flag` (an id), with `note`.",
    )
    resolves = serializers.ListField(
        child=_id(),
        required=False,
        default=list,
        max_length=RESOLVES_MAX,
        help_text="Ids of this claim's contradiction flags that the verdict settles.",
    )

    def validate_evidence(self, value: list[dict]) -> list[EvidenceItem]:
        # The items the admin's VerdictForm gives too, so both submit alike (reviews/actions.py).
        return [
            EvidenceItem(
                url=item["url"], claim_id=item["claim"], flag_id=item["flag"], note=item["note"]
            )
            for item in value
        ]


class ApproveInputSerializer(StrictInputSerializer):
    comment = _text(required=False)
    verdict = _id(
        required=False,
        allow_null=True,
        default=None,
        help_text="The verdict id you reviewed; refused (409) if another version is waiting.",
    )


class RequestChangesInputSerializer(ApproveInputSerializer):
    comment = _text(required=True)


class ReasonInputSerializer(StrictInputSerializer):
    reason = _text(required=True)


class FlagConfirmInputSerializer(ReasonInputSerializer):
    assignee = _id(
        required=False,
        allow_null=True,
        default=None,
        help_text="Open review on the flag's new claims, assigning them to this fact-checker.",
    )
    due_at = UtcDateTimeField(required=False, allow_null=True, default=None)
    note = _text(required=False, max_length=NOTE_MAX)

    def validate_assignee(self, value):
        if value is None:
            return None
        user = selectors.user_get(value)
        if user is None or not user.is_active:
            raise serializers.ValidationError("No such user.")
        return user


# --- Output --------------------------------------------------------------------------------


class UserRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", read_only=True)
    username = serializers.CharField(source="get_username", read_only=True)


class AssignmentSerializer(serializers.ModelSerializer):
    assignee = UserRefSerializer(read_only=True)
    assigned_by = UserRefSerializer(read_only=True)

    class Meta:
        model = Assignment
        fields = ["id", "assignee", "assigned_by", "due_at", "note", "created_at", "ended_at"]
        read_only_fields = fields


class VerdictSummarySerializer(serializers.ModelSerializer):
    author = UserRefSerializer(read_only=True)
    rating_value = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Verdict
        fields = ["id", "version", "status", "rating", "rating_value", "author", "created_at"]
        read_only_fields = fields


class EvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evidence
        fields = ["url", "claim", "flag", "note"]
        read_only_fields = fields


class VerdictSerializer(serializers.ModelSerializer):
    author = UserRefSerializer(read_only=True)
    reviewed_by = UserRefSerializer(read_only=True, allow_null=True)
    published_by = UserRefSerializer(read_only=True, allow_null=True)
    rating_value = serializers.IntegerField(read_only=True, allow_null=True)
    evidence = EvidenceSerializer(many=True, read_only=True)
    resolves = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Verdict
        fields = [
            "id",
            "claim",
            "version",
            "status",
            "rating",
            "rating_value",
            "rationale",
            "evidence",
            "resolves",
            "author",
            "created_at",
            "reviewed_by",
            "reviewed_at",
            "review_comment",
            "published_by",
            "published_at",
            "retracted_at",
            "retraction_reason",
        ]
        read_only_fields = fields


class ClaimReviewStateSerializer(serializers.Serializer):
    """A claim's place in the review workflow, as every action answers it."""

    id = serializers.IntegerField(source="claim.pk")
    text = serializers.CharField(source="claim.text")
    status = serializers.CharField(source="claim.status")
    assignment = AssignmentSerializer(allow_null=True)
    verdict = VerdictSummarySerializer(allow_null=True)
    actions = serializers.ListField(
        child=serializers.CharField(), help_text="What you may do next."
    )


class QueueFlagSerializer(serializers.ModelSerializer):
    other_claim = serializers.SerializerMethodField()

    class Meta:
        model = ContradictionFlag
        fields = ["id", "kind", "score", "explanation", "other_claim"]
        read_only_fields = fields

    def get_other_claim(self, flag) -> int:
        return selectors.flag_other_side_claim(flag, self.context["claim"])


class QueueItemSerializer(serializers.ModelSerializer):
    """One claim of a fact-checker's queue, with its assignment and open flags."""

    claim = serializers.SerializerMethodField()
    assigned_by = UserRefSerializer(read_only=True)
    overdue = serializers.SerializerMethodField()
    open_flags = serializers.SerializerMethodField()

    class Meta:
        model = Assignment
        fields = [
            "id",
            "claim",
            "due_at",
            "overdue",
            "note",
            "assigned_by",
            "created_at",
            "open_flags",
        ]
        read_only_fields = fields

    def get_claim(self, assignment) -> dict:
        claim = assignment.claim
        return {
            "id": claim.pk,
            "article": claim.article_id,
            "text": claim.text,
            "status": claim.status,
        }

    def get_overdue(self, assignment) -> bool:
        return assignment.due_at is not None and assignment.due_at < self.context["now"]

    def get_open_flags(self, assignment) -> list[dict]:
        flags = selectors.open_flags_of(assignment.claim)
        return QueueFlagSerializer(flags, many=True, context={"claim": assignment.claim}).data


class AuditEventSerializer(serializers.ModelSerializer):
    actor = UserRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "action",
            "actor",
            "claim",
            "flag",
            "from_state",
            "to_state",
            "comment",
            "details",
            "created_at",
        ]
        read_only_fields = fields


class FlagDecisionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="flag.pk")
    status = serializers.CharField(source="flag.status")
    claim_a = serializers.IntegerField(source="flag.claim_a_id")
    claim_b = serializers.IntegerField(source="flag.claim_b_id")
    assignments = AssignmentSerializer(many=True)


class VerdictSubmittedSerializer(ClaimReviewStateSerializer):
    submitted_verdict = VerdictSerializer(help_text="The verdict version just submitted.")


class BulkAssignedSerializer(AssignmentSerializer):
    claim = serializers.IntegerField(source="claim_id")
    status = serializers.CharField(source="claim.status", help_text="The claim's new state.")

    class Meta(AssignmentSerializer.Meta):
        fields = ["claim", "status", *AssignmentSerializer.Meta.fields]
        read_only_fields = fields


class BulkAssignResultSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    results = BulkAssignedSerializer(many=True)


class ClaimReviewDocumentSerializer(serializers.Serializer):
    """Describes (for the OpenAPI schema) the schema.org ClaimReview JSON-LD documents built by
    `reviews.selectors.claimreview_document`."""

    def get_fields(self):
        return {
            "@context": serializers.CharField(help_text="https://schema.org"),
            "@type": serializers.CharField(help_text="ClaimReview"),
            "url": serializers.URLField(help_text="The organisation's page for this check."),
            "claimReviewed": serializers.CharField(help_text="The claim's text, shortened."),
            "datePublished": serializers.DateTimeField(),
            "author": serializers.DictField(help_text="The organisation (Organization)."),
            "reviewRating": serializers.DictField(
                help_text="Rating: alternateName; ratingValue 5 (true) .. 1 (false) with "
                "bestRating 5 and worstRating 1, except for unverifiable."
            ),
            "itemReviewed": serializers.DictField(
                help_text="Claim: author (the publisher), datePublished, appearance (the "
                "article's URL), when known."
            ),
        }
