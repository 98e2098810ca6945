"""Input fields shared by serializers and filters."""

import datetime

from django import forms
from django_filters import IsoDateTimeFilter
from rest_framework import serializers

EARLIEST = datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC)
LATEST = datetime.datetime(2200, 1, 1, tzinfo=datetime.UTC)
RANGE_MESSAGE = "Give a date-time between 1900 and 2200 with a UTC offset of at most 14 hours."


def _normalised(value: datetime.datetime) -> datetime.datetime:
    """In UTC, within a range every database stores (an offset such as +22:55 parses in
    Python but PostgreSQL refuses it)."""
    offset = value.utcoffset()
    if offset is not None and abs(offset) > datetime.timedelta(hours=14):
        raise ValueError(RANGE_MESSAGE)
    try:
        value = (
            value.astimezone(datetime.UTC) if value.tzinfo else value.replace(tzinfo=datetime.UTC)
        )
    except OverflowError as error:
        raise ValueError(RANGE_MESSAGE) from error
    if not EARLIEST <= value < LATEST:
        raise ValueError(RANGE_MESSAGE)
    return value


class UtcDateTimeField(serializers.DateTimeField):
    def to_internal_value(self, value):
        parsed = super().to_internal_value(value)
        try:
            return _normalised(parsed)
        except ValueError as error:
            raise serializers.ValidationError(str(error)) from error


class _UtcIsoDateTimeFormField(forms.DateTimeField):
    def to_python(self, value):
        from django_filters.fields import IsoDateTimeField

        parsed = IsoDateTimeField().to_python(value)
        if parsed is None:
            return None
        try:
            return _normalised(parsed)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error


class UtcIsoDateTimeFilter(IsoDateTimeFilter):
    field_class = _UtcIsoDateTimeFormField
