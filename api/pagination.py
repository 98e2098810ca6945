"""Cursor pagination over the full sort key (keyset paging).

A cursor holds the position of a row: its value of every ordering field, ending with its id.
The next page is the rows strictly after that position in the list's order, so every row is
returned exactly once whatever the ordering, including rows that tie on the ordering field
(the id breaks the tie) and rows whose value is null (null sorts above every value: last
ascending, first descending, on every database). A cursor is checked against the types of
the ordering fields before any query: a crafted one is a 400, never a 500."""

from __future__ import annotations

import base64
import binascii
import datetime
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import reduce
from operator import and_, or_

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.db.models import F, Q
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.utils.urls import remove_query_param, replace_query_param

INVALID_CURSOR = "Invalid cursor: follow the `next` and `previous` links as given."
_BIGINT = 2**63


@dataclass(frozen=True)
class SortTerm:
    field: models.Field
    descending: bool

    @property
    def name(self) -> str:
        return self.field.attname if self.field.primary_key else self.field.name

    def order_by(self, *, reverse: bool = False):
        descending = self.descending != reverse
        expression = F(self.name)
        if not self.field.null:
            return expression.desc() if descending else expression.asc()
        return expression.desc(nulls_first=True) if descending else expression.asc(nulls_last=True)

    def after(self, value, *, reverse: bool = False) -> Q | None:
        """Rows strictly after `value` on this field alone (None: there are none)."""
        descending = self.descending != reverse
        if value is None:
            return Q(**{f"{self.name}__isnull": False}) if descending else None
        beyond = Q(**{f"{self.name}__{'lt' if descending else 'gt'}": value})
        if self.field.null and not descending:
            beyond |= Q(**{f"{self.name}__isnull": True})
        return beyond

    def equal(self, value) -> Q:
        if value is None:
            return Q(**{f"{self.name}__isnull": True})
        return Q(**{self.name: value})


@dataclass(frozen=True)
class Position:
    values: tuple | None  # None with `reverse`: the end of the list
    reverse: bool


def single_query_value(request, name: str) -> str | None:
    """The value of a query parameter that takes one value; None when absent, 400 when given
    more than once (which of them was meant would be a guess)."""
    values = request.query_params.getlist(name)
    if len(values) > 1:
        raise ValidationError({name: ["Give this parameter once."]})
    return values[0] if values else None


class StrictPageSizeMixin:
    """`page_size` is a whole number from 1 to `max_page_size`, given once, as the schema
    says; anything else is a 400 rather than silently the default size."""

    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request):
        value = single_query_value(request, self.page_size_query_param)
        if value is None:
            return self.page_size
        message = f"Give a whole number from 1 to {self.max_page_size}."
        if not (value.isascii() and value.isdigit()):
            raise ValidationError({self.page_size_query_param: [message]})
        size = int(value)
        if not 1 <= size <= self.max_page_size:
            raise ValidationError({self.page_size_query_param: [message]})
        return size

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": self.max_page_size,
                }
                parameter["description"] = (
                    f"Number of results to return per page (1 to {self.max_page_size}; "
                    f"{self.page_size} when not given)."
                )
        return parameters


class StandardPagination(StrictPageSizeMixin, CursorPagination):
    """Cursor pagination: stable under inserts, and no count of a large table on each page.
    Follow `next` until it is null; `page_size` goes up to 200."""

    page_size = 50
    ordering = ("-created_at", "-id")

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.page_size = self.get_page_size(request)
        self.base_url = request.build_absolute_uri()
        self.terms = self._sort_terms(queryset.model, self.get_ordering(request, queryset, view))
        self.cursor = self.decode_cursor(request)
        reverse = self.cursor is not None and self.cursor.reverse
        if getattr(queryset, "_fields", None):  # a `.values()` list must carry the sort key
            missing = [term.name for term in self.terms if term.name not in queryset._fields]
            if missing:
                queryset = queryset.values(*queryset._fields, *missing)
        queryset = queryset.order_by(*(term.order_by(reverse=reverse) for term in self.terms))
        if self.cursor is not None and self.cursor.values is not None:
            queryset = queryset.filter(self._after(self.cursor.values, reverse=reverse))
        rows = list(queryset[: self.page_size + 1])
        more = len(rows) > self.page_size
        self.page = rows[: self.page_size]
        if reverse:
            self.page.reverse()
            # A page read back from the end of the list has nothing after it.
            self.has_previous, self.has_next = more, self.cursor.values is not None
        else:
            self.has_previous, self.has_next = self.cursor is not None, more
        return self.page

    def _sort_terms(self, model, ordering: Sequence[str]) -> list[SortTerm]:
        """The ordering as fields of `model`, cut after the primary key, which is appended
        (in the direction of the first field) when the ordering does not reach it."""
        terms = []
        for name in ordering:
            field = _model_field(model, name.lstrip("-"))
            terms.append(SortTerm(field=field, descending=name.startswith("-")))
            if field.primary_key:
                return terms
        first_descending = terms[0].descending if terms else True
        return [*terms, SortTerm(field=model._meta.pk, descending=first_descending)]

    def _after(self, values: tuple, *, reverse: bool) -> Q:
        """Rows after `values` in the (possibly reversed) order: on the first field that
        differs, lexicographically."""
        alternatives = []
        for index, term in enumerate(self.terms):
            beyond = term.after(values[index], reverse=reverse)
            if beyond is not None:
                same_before = [self.terms[j].equal(values[j]) for j in range(index)]
                alternatives.append(reduce(and_, [*same_before, beyond]))
        return reduce(or_, alternatives) if alternatives else Q(pk__in=[])

    def _position_of(self, row) -> tuple:
        if isinstance(row, dict):
            return tuple(row[term.name] for term in self.terms)
        return tuple(getattr(row, term.name) for term in self.terms)

    # --- Links ---------------------------------------------------------------------------

    def get_next_link(self):
        if not self.has_next:
            return None
        if not self.page:  # nothing before the cursor's position: the list from its start
            return remove_query_param(self.base_url, self.cursor_query_param)
        return self._link(Position(values=self._position_of(self.page[-1]), reverse=False))

    def get_previous_link(self):
        if not self.has_previous:
            return None
        if not self.page:  # nothing after the cursor's position: the end of the list
            return self._link(Position(values=None, reverse=True))
        return self._link(Position(values=self._position_of(self.page[0]), reverse=True))

    def _link(self, position: Position) -> str:
        return replace_query_param(self.base_url, self.cursor_query_param, self.encode(position))

    # --- Cursors -------------------------------------------------------------------------

    def encode(self, position: Position) -> str:
        document = {"r": 1} if position.reverse else {}
        if position.values is not None:
            document["k"] = [_json_value(value) for value in position.values]
        raw = json.dumps(document, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def decode_cursor(self, request) -> Position | None:
        encoded = request.query_params.get(self.cursor_query_param)
        if encoded is None:
            return None
        try:
            raw = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
            document = json.loads(raw)
            if not isinstance(document, dict) or set(document) - {"k", "r"}:
                raise ValueError("not a cursor")
            reverse = document.get("r", 0)
            if reverse not in (0, 1) or isinstance(reverse, bool):
                raise ValueError("bad direction")
            values = document.get("k")
            if values is None and not reverse:
                raise ValueError("no position")
            if values is not None:
                if not isinstance(values, list) or len(values) != len(self.terms):
                    raise ValueError("not a position of this ordering")
                values = tuple(
                    _field_value(term.field, value)
                    for term, value in zip(self.terms, values, strict=True)
                )
        except (ValueError, TypeError, binascii.Error, DjangoValidationError, RecursionError):
            raise ValidationError({self.cursor_query_param: [INVALID_CURSOR]}) from None
        return Position(values=values, reverse=bool(reverse))


def _model_field(model, name: str) -> models.Field:
    if name == "pk":
        return model._meta.pk
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist as error:  # a programming error: orderings are declared
        raise AssertionError(f"Cursor pagination cannot order {model} by {name!r}.") from error


def _json_value(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value


def _field_value(field: models.Field, value):
    """A cursor's value for `field`, as the field's type, or ValueError."""
    if value is None:
        if not field.null:
            raise ValueError("null for a field that is never null")
        return None
    if isinstance(field, models.DateTimeField):
        if not isinstance(value, str):
            raise ValueError("a date-time is a string")
        moment = field.to_python(value)
        if moment.tzinfo is None:
            raise ValueError("a date-time without a time zone")
        return moment
    if isinstance(field, models.DateField):
        if not isinstance(value, str):
            raise ValueError("a date is a string")
        return field.to_python(value)
    if isinstance(field, models.IntegerField | models.AutoField):
        if not isinstance(value, int) or isinstance(value, bool) or not -_BIGINT <= value < _BIGINT:
            raise ValueError("not an integer in range")
        return value
    if isinstance(field, models.FloatField):
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise ValueError("not a number")
        if not math.isfinite(value):
            raise ValueError("not a finite number")
        return float(value)
    if isinstance(field, models.CharField | models.TextField):
        if not isinstance(value, str):
            raise ValueError("not text")
        return value
    raise ValueError(f"cannot page by a {type(field).__name__}")
