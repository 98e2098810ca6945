"""Input serializer plumbing every app's API shares: unknown fields and values of the wrong
JSON type are refused, and text that no database can store is refused."""

from collections.abc import Mapping

from rest_framework import serializers


def reject_unpaired_surrogates(value: str) -> None:
    # JSON can carry "\ud800", which no database can store as text.
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise serializers.ValidationError("Text contains invalid Unicode characters.") from error


def _json_type_error(field: serializers.Field, value) -> str | None:
    """What is wrong with the JSON type of `value` for `field`, as the schema says it, or
    None. DRF is lenient where JSON Schema is not: a CharField takes 7, an IntegerField "7"
    and a BooleanField "yes"; a client following the schema never sends them, and one that
    does has a bug it should hear about."""
    if value is None:
        return None  # allow_null is DRF's to check
    if isinstance(field, serializers.ListField) and isinstance(value, list):
        for item in value:
            message = _json_type_error(field.child, item)
            if message is not None:
                return message
        return None
    if isinstance(field, serializers.MultipleChoiceField):
        expected = (list,)
    elif isinstance(field, serializers.ChoiceField):
        kinds = {type(choice) for choice in field.choices}
        expected = (str,) if kinds <= {str} else None
    elif isinstance(field, serializers.CharField):
        expected = (str,)
    elif isinstance(field, serializers.BooleanField):
        expected = (bool,)
    elif isinstance(field, serializers.IntegerField):
        if isinstance(value, float) and value.is_integer():
            return None  # JSON has one number type: 7.0 is the integer 7
        expected = (int,)
    elif isinstance(field, (serializers.FloatField, serializers.DecimalField)):
        expected = (int, float)
    elif isinstance(field, (serializers.ListField, serializers.ListSerializer)):
        expected = (list,)
    elif isinstance(field, (serializers.DictField, serializers.Serializer)):
        expected = (Mapping,)
    else:
        expected = None
    if expected is None:
        return None
    if isinstance(value, expected) and not (isinstance(value, bool) and bool not in expected):
        return None
    # The field's own words for a wrong value ("A valid integer is required.").
    for key in ("invalid", "not_a_list", "invalid_choice"):
        if key in field.error_messages:
            kind = type(value).__name__
            return field.error_messages[key].format(input=value, input_type=kind, datatype=kind)
    return "Not a valid value of this type."


class StrictInputSerializer(serializers.Serializer):
    """Refuses fields it does not know, so a typo (`publishedAt`) is an error, not silently
    lost, and values of another JSON type than the schema says (`"7"` for an integer)."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({key: ["Unknown field."] for key in unknown})
            wrong_type = {}
            for name, field in self.fields.items():
                if name in data and not field.read_only:
                    message = _json_type_error(field, data[name])
                    if message is not None:
                        wrong_type[name] = [message]
            if wrong_type:
                raise serializers.ValidationError(wrong_type)
        return super().to_internal_value(data)


class TextKeptAsSentField(serializers.CharField):
    """Text stored exactly as sent (no trimming) that must not be blank: the schema says so
    as for a trimmed field (api/openapi.py)."""

    refuses_blank_text = True
