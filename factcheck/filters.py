"""Query filters of the list endpoints (django-filter). Every list accepts `updated_since`
(ISO 8601) so a tool can sync incrementally, and created/updated ranges."""

import copy

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django_filters.filters import FilterMethod

from api.fields import (
    FiniteNumberFilter,
    IdFilter,
    StrictBooleanFilter,
    TextFilter,
    UtcIsoDateTimeFilter,
)

from .models import Article, Claim, ContradictionFlag, FlagClaim, Story
from .selectors import open_flags_exist


class SharedFieldsForm(forms.Form):
    """A filter form whose fields are shared by its instances instead of deep-copied for each,
    and which cleans only the parameters a request gives.

    Filter forms only validate query parameters: cleaning reads a field and never changes it,
    and nothing renders these forms (so no per-instance widget state). A parameter that is
    absent filters nothing, as django-filter skips an empty value; leaving its field out skips
    cleaning a dozen empty fields on every list call."""

    def __init__(self, data=None, *args, **kwargs):
        shared_fields = self.base_fields
        self.base_fields = {}
        try:
            super().__init__(data, *args, **kwargs)
        finally:
            del self.base_fields  # the class attribute again
        self.fields = {
            name: field
            for name, field in shared_fields.items()
            if self.add_prefix(name) in self.data
        }

    def clean(self):
        # A parameter that takes one value (all but the multiple-choice ones) given twice is
        # not what the schema describes; which of the two was meant is a guess.
        cleaned = super().clean()
        getlist = getattr(self.data, "getlist", None)
        if getlist is not None:
            for name, field in self.fields.items():
                if not isinstance(field, forms.MultipleChoiceField) and len(getlist(name)) > 1:
                    self.add_error(name, "Give this parameter once.")
        return cleaned


class TimestampFilterSet(django_filters.FilterSet):
    # One form class per filter set, built on first use: django-filter builds a new class
    # (and every field with its label) on each request.
    _form_classes: dict[type, type] = {}

    def get_form_class(self):
        form_class = self._form_classes.get(type(self))
        if form_class is None:
            fields = {}
            for name, filter_ in self.filters.items():
                field = filter_.field
                if not isinstance(field, forms.CharField):
                    # Only given parameters are cleaned (see SharedFieldsForm): one given empty
                    # (`?updated_since=`) is not a value of its type, so it is refused. Free
                    # text (`publisher=`) may be empty.
                    field = copy.copy(field)
                    field.required = True
                fields[name] = field
            form_class = type(f"{type(self).__name__}Form", (SharedFieldsForm,), fields)
            self._form_classes[type(self)] = form_class
        return form_class

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        # django-filter deep-copies every declared filter on each request; a shallow copy per
        # filter is enough (each request only sets `model` and `parent` on its copies, and a
        # copy's form field is built on the copy) and takes a large share off every list call.
        base_filters = self.base_filters
        self.base_filters = {}
        try:
            super().__init__(data, queryset, request=request, prefix=prefix)
        finally:
            self.base_filters = base_filters
        model = self.queryset.model
        self.filters = {}
        for name, declared in base_filters.items():
            filter_ = copy.copy(declared)
            filter_.model = model
            filter_.parent = self
            if declared.method is not None:  # bind `method=` filters to this copy
                filter_.filter = FilterMethod(filter_)
            self.filters[name] = filter_

    updated_since = UtcIsoDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        label="Changed at or after this time (an RFC 3339 date-time, or a date)",
    )
    created_after = UtcIsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = UtcIsoDateTimeFilter(field_name="created_at", lookup_expr="lt")
    updated_after = UtcIsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")
    updated_before = UtcIsoDateTimeFilter(field_name="updated_at", lookup_expr="lt")


class StoryFilter(TimestampFilterSet):
    class Meta:
        model = Story
        fields = []


class ArticleFilter(TimestampFilterSet):
    status = django_filters.MultipleChoiceFilter(choices=Article.Status.choices, distinct=False)
    publisher = TextFilter(
        field_name="publisher__name", lookup_expr="iexact", label="Publisher name"
    )
    story = IdFilter(field_name="story_id")

    class Meta:
        model = Article
        fields = []


class ClaimFilter(TimestampFilterSet):
    status = django_filters.MultipleChoiceFilter(choices=Claim.Status.choices, distinct=False)
    article = IdFilter(field_name="article_id")
    story = IdFilter(field_name="story_id")
    publisher = TextFilter(
        field_name="article__publisher__name", lookup_expr="iexact", label="Publisher name"
    )
    assignee = IdFilter(method="filter_assignee", label="User id of the current assignee")
    has_open_flags = StrictBooleanFilter(
        method="filter_has_open_flags", label="Has open contradiction flags"
    )

    class Meta:
        model = Claim
        fields = []

    def filter_assignee(self, queryset, name, value):
        # `assignments` is the reverse accessor of the review workflow's Assignment: the ORM
        # path needs no import of the reviews app.
        return queryset.filter(
            Exists(
                Claim.assignments.rel.related_model.objects.filter(
                    claim=OuterRef("pk"), assignee_id=value, ended_at__isnull=True
                )
            )
        )

    def filter_has_open_flags(self, queryset, name, value):
        condition = open_flags_exist()
        return queryset.filter(condition if value else ~condition)


class ContradictionFlagFilter(TimestampFilterSet):
    status = django_filters.MultipleChoiceFilter(
        choices=ContradictionFlag.Status.choices, distinct=False
    )
    kind = django_filters.MultipleChoiceFilter(
        choices=ContradictionFlag.Kind.choices, distinct=False
    )
    claim = IdFilter(method="filter_claim", label="A claim of either side")
    article = IdFilter(
        method="filter_article", label="A claim of either side comes from this article"
    )
    story = IdFilter(field_name="claim_a__story_id")
    publisher = TextFilter(
        method="filter_publisher", label="Either claim's article has this publisher name"
    )
    min_score = FiniteNumberFilter(
        field_name="score", lookup_expr="gte", label="Score at least this"
    )

    class Meta:
        model = ContradictionFlag
        fields = []

    def filter_claim(self, queryset, name, value):
        supports = FlagClaim.objects.filter(flag=OuterRef("pk"), claim_id=value)
        return queryset.filter(Q(claim_a_id=value) | Q(claim_b_id=value) | Exists(supports))

    def filter_article(self, queryset, name, value):
        supports = FlagClaim.objects.filter(flag=OuterRef("pk"), claim__article_id=value)
        return queryset.filter(
            Q(claim_a__article_id=value) | Q(claim_b__article_id=value) | Exists(supports)
        )

    def filter_publisher(self, queryset, name, value):
        return queryset.filter(
            Q(claim_a__article__publisher__name__iexact=value)
            | Q(claim_b__article__publisher__name__iexact=value)
        )
