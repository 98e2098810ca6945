"""The API's JSON renderer: DRF's, encoding with orjson.

orjson (a maintained C extension, used for the same purpose by drf-orjson-renderer and many
APIs) encodes a list page several times faster than the standard library, and writes
date-times itself: list pages hand it the `datetime` objects read from the database instead
of formatting each one in Python. With `OPT_UTC_Z` a UTC date-time comes out exactly as DRF's
DateTimeField renders it (`2023-09-12T08:30:00.123456Z`); tests compare list pages with the
serializers' output."""

import orjson
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.encoders import JSONEncoder

_DRF_ENCODER = JSONEncoder()


class FastJSONRenderer(JSONRenderer):
    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        if self.get_indent(accepted_media_type, renderer_context or {}):
            return super().render(data, accepted_media_type, renderer_context)
        try:
            # Whatever orjson does not know (lazy translations, decimals, ...) is turned into
            # JSON as DRF's own encoder would.
            return orjson.dumps(data, default=_DRF_ENCODER.default, option=orjson.OPT_UTC_Z)
        except orjson.JSONEncodeError:  # e.g. an integer beyond 64 bits: the standard path
            return super().render(data, accepted_media_type, renderer_context)
