"""The API's JSON renderer writes what DRF's own would, faster."""

import datetime
import decimal
import json
import zoneinfo

import pytest
from django.utils.translation import gettext_lazy
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer

from api.renderers import FastJSONRenderer

MOMENTS = [
    datetime.datetime(2023, 9, 12, 8, 30, 0, 123456, tzinfo=datetime.UTC),
    datetime.datetime(2023, 9, 12, 8, 30, 0, tzinfo=datetime.UTC),  # no microseconds
    datetime.datetime(2025, 3, 7, 23, 59, 59, 1, tzinfo=zoneinfo.ZoneInfo("UTC")),
]


@pytest.mark.parametrize("moment", MOMENTS)
def test_a_utc_datetime_is_written_as_drf_fields_write_it(moment):
    rendered = json.loads(FastJSONRenderer().render({"at": moment}))
    assert rendered["at"] == serializers.DateTimeField().to_representation(moment)


def test_a_date_is_written_as_drf_fields_write_it():
    day = datetime.date(2025, 3, 7)
    rendered = json.loads(FastJSONRenderer().render({"day": day}))
    assert rendered["day"] == serializers.DateField().to_representation(day)


@pytest.mark.parametrize(
    "value",
    [
        {"text": "Ḥamāh \u2013 «quoted» 🙂", "n": [1, 2.5, None, True]},
        {"lazy": gettext_lazy("Not found.")},
        {"amount": decimal.Decimal("12.50")},
        {"huge": 2**80},  # beyond orjson's 64 bits: the standard encoder takes over
        [("a", 1), ("b", 2)],
    ],
)
def test_other_values_are_written_as_drf_writes_them(value):
    assert json.loads(FastJSONRenderer().render(value)) == json.loads(JSONRenderer().render(value))


def test_an_indent_asked_for_is_honoured():
    rendered = FastJSONRenderer().render({"a": 1}, "application/json; indent=4")
    assert rendered == b'{\n    "a": 1\n}'


def test_no_data_is_an_empty_body():
    assert FastJSONRenderer().render(None) == b""
