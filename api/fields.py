"""Input fields shared by serializers and filters, each with the OpenAPI schema that describes
exactly what it accepts (schemathesis checks that the API and the schema agree)."""

import datetime
import re

import django_filters
from django import forms
from django_filters import IsoDateTimeFilter
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.filters import SearchFilter

from config.ids import ID_MAX

RANGE_MESSAGE = "Give a date-time or date dated 1900 to 2199."
MOMENT_MESSAGE = (
    "Give an RFC 3339 date-time with its UTC offset (2025-03-10T14:00:00Z) or a date "
    "(2025-03-10, its midnight in UTC)."
)

# A date-time as RFC 3339 (and so OpenAPI's `date-time`) writes it, or a date alone.
_MOMENT = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
    r"(?:[Tt](?P<hour>\d{2}):(?P<minute>\d{2}):(?P<second>\d{2})(?:\.(?P<fraction>\d+))?"
    r"(?P<offset>[Zz]|(?P<sign>[+-])(?P<offset_hour>\d{2}):(?P<offset_minute>\d{2})))?",
    re.ASCII,
)
MOMENT_SCHEMA = {
    "anyOf": [{"type": "string", "format": "date-time"}, {"type": "string", "format": "date"}]
}


def moment_parse(value: str) -> datetime.datetime:
    """An RFC 3339 date-time or a date, as an aware date-time in UTC. Any year from 1 to 9999
    and any offset RFC 3339 allows is accepted: a moment beyond what a date-time can hold in
    UTC (0001-01-01T00:00:00+05:00) is read as the earliest or latest one, which compares the
    same way with every stored time. Raises ValueError for anything else."""
    match = _MOMENT.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise ValueError(MOMENT_MESSAGE)
    parts = match.groupdict()
    try:
        day = datetime.date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
    except ValueError as error:
        if parts["year"] == "0000" and 1 <= int(parts["month"]) <= 12:
            return datetime.datetime.min.replace(tzinfo=datetime.UTC)
        raise ValueError(MOMENT_MESSAGE) from error
    if parts["hour"] is None:
        return datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.UTC)
    hour, minute = int(parts["hour"]), int(parts["minute"])
    # RFC 3339 allows a leap second (23:59:60); read it as the second before.
    second = min(int(parts["second"]), 59)
    offset = datetime.timedelta()
    if parts["sign"] is not None:
        offset_hour, offset_minute = int(parts["offset_hour"]), int(parts["offset_minute"])
        if offset_hour > 23 or offset_minute > 59:
            raise ValueError(MOMENT_MESSAGE)
        offset = datetime.timedelta(hours=offset_hour, minutes=offset_minute)
        if parts["sign"] == "-":
            offset = -offset
    if hour > 23 or minute > 59:
        raise ValueError(MOMENT_MESSAGE)
    microsecond = int((parts["fraction"] or "0")[:6].ljust(6, "0"))
    local = datetime.datetime.combine(day, datetime.time(hour, minute, second, microsecond))
    try:
        return (local - offset).replace(tzinfo=datetime.UTC)
    except OverflowError:
        extreme = datetime.datetime.min if offset > datetime.timedelta() else datetime.datetime.max
        return extreme.replace(tzinfo=datetime.UTC)


def _stored_moment_pattern() -> str:
    """A regular expression (JSON Schema `pattern`) for exactly the moments a stored
    date-time field accepts: an RFC 3339 date-time or a date, dated 1900 to 2199 as written."""
    years = r"(?:19|20|21)\d\d"
    leap_years = r"(?:(?:19|21)(?:0[48]|[2468][048]|[13579][26])|20(?:[02468][048]|[13579][26]))"
    dates = "|".join(
        [
            rf"{years}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-8])",
            rf"{years}-(?:0[13-9]|1[0-2])-(?:29|30)",
            rf"{years}-(?:0[13578]|1[02])-31",
            rf"{leap_years}-02-29",
        ]
    )
    time = (
        r"[Tt](?:[01]\d|2[0-3]):[0-5]\d:(?:[0-5]\d|60)(?:\.\d+)?"
        r"(?:[Zz]|[+-](?:[01]\d|2[0-3]):[0-5]\d)"
    )
    return rf"^(?:{dates})(?:{time})?$"


STORED_MOMENT_PATTERN = _stored_moment_pattern()
_STORED_MOMENT = re.compile(STORED_MOMENT_PATTERN, re.ASCII)  # \d is ASCII in JSON Schema too


@extend_schema_field(
    {
        "type": "string",
        "pattern": STORED_MOMENT_PATTERN,
        "description": "An RFC 3339 date-time (2025-03-10T14:00:00+02:00) or a date "
        "(2025-03-10, its midnight in UTC), dated 1900 to 2199.",
    }
)
class UtcDateTimeField(serializers.DateTimeField):
    """A stored date-time: read with `moment_parse`, dated 1900 to 2199 as written (so that
    date arithmetic on it never leaves what a date-time holds), kept in UTC."""

    def to_internal_value(self, value):
        if isinstance(value, datetime.datetime):  # from Python (ingestion), not JSON
            value = value.isoformat()
        if isinstance(value, datetime.date):
            value = value.isoformat()
        if not isinstance(value, str) or not _STORED_MOMENT.fullmatch(value):
            try:
                moment_parse(value)
            except ValueError as error:
                raise serializers.ValidationError(str(error)) from error
            raise serializers.ValidationError(RANGE_MESSAGE)
        return moment_parse(value)


class MomentFormField(forms.Field):
    """A query parameter holding a moment (see `moment_parse`); present means not empty."""

    default_error_messages = {"required": MOMENT_MESSAGE}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return moment_parse(value)
        except ValueError as error:
            raise forms.ValidationError(str(error), code="invalid") from error


class UtcIsoDateTimeFilter(IsoDateTimeFilter):
    field_class = MomentFormField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        extend_schema_field(
            {**MOMENT_SCHEMA, **({"description": str(self.label)} if self.label else {})}
        )(self)


ID_MESSAGE = f"Give a whole number from 1 to {ID_MAX}."


def id_parse(value: str) -> int:
    """A row id written in a query: digits only, 1 to ID_MAX. Raises ValueError otherwise."""
    if not (isinstance(value, str) and value.isascii() and value.isdigit()):
        raise ValueError(ID_MESSAGE)
    number = int(value)
    if not 1 <= number <= ID_MAX:
        raise ValueError(ID_MESSAGE)
    return number


class IdFormField(forms.Field):
    """A query parameter naming a row by id (see `id_parse`)."""

    default_error_messages = {"invalid": ID_MESSAGE, "required": ID_MESSAGE}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return id_parse(value)
        except ValueError as error:
            raise forms.ValidationError(str(error), code="invalid") from error


ID_SCHEMA = {"type": "integer", "minimum": 1, "maximum": ID_MAX}


class IdFilter(django_filters.Filter):
    """Rows whose `field_name` is this id (or, with `method`, as the method says)."""

    field_class = IdFormField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        label = {"description": str(self.label)} if self.label else {}
        extend_schema_field({**ID_SCHEMA, **label})(self)


class StrictBooleanFormField(forms.Field):
    """`true` or `false`, as OpenAPI writes a boolean in a query, and nothing else."""

    default_error_messages = {"required": "Give true or false."}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if value not in ("true", "false"):
            raise forms.ValidationError("Give true or false.", code="invalid")
        return value == "true"


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanFormField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)


class FiniteNumberFilter(django_filters.Filter):
    """A finite number (no NaN or infinity, which JSON and OpenAPI do not have)."""

    field_class = forms.FloatField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        label = {"description": str(self.label)} if self.label else {}
        extend_schema_field({"type": "number", **label})(self)


_NO_NUL_SCHEMA = {"type": "string", "pattern": r"^[^\x00]*$"}


class TextFilter(django_filters.CharFilter):
    """Free text: any string but one with a NUL character, which Django refuses (no database
    stores it in text)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        label = {"description": str(self.label)} if self.label else {}
        extend_schema_field({**_NO_NUL_SCHEMA, **label})(self)


class NoNulSearchFilter(SearchFilter):
    """DRF's search, its parameter described as it is checked (no NUL character), and its
    refusal naming the parameter."""

    def get_search_terms(self, request):
        try:
            return super().get_search_terms(request)
        except serializers.ValidationError as error:
            raise serializers.ValidationError({self.search_param: error.detail}) from error

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.search_param:
                parameter["schema"] = dict(_NO_NUL_SCHEMA)
        return parameters
