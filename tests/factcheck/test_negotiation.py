"""The quick content negotiation picks what DRF's own would."""

import pytest
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from api.negotiation import QuickContentNegotiation
from api.renderers import FastJSONRenderer
from reviews.apis import JsonLdRenderer

RENDERER_SETS = [
    [FastJSONRenderer()],
    [JsonLdRenderer(), FastJSONRenderer()],
    [FastJSONRenderer(), BrowsableAPIRenderer()],
]


@pytest.mark.parametrize("renderers", RENDERER_SETS)
@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/x/", {}),
        ("/x/", {"HTTP_ACCEPT": "*/*"}),
        ("/x/", {"HTTP_ACCEPT": "application/json"}),
        ("/x/", {"HTTP_ACCEPT": "application/ld+json, application/json;q=0.5"}),
        ("/x/", {"HTTP_ACCEPT": "text/html,application/xhtml+xml,*/*;q=0.8"}),
        ("/x/?format=json", {}),
    ],
)
def test_the_same_renderer_and_media_type_as_drf(renderers, path, headers):
    request = Request(APIRequestFactory().get(path, **headers))
    expected = DefaultContentNegotiation().select_renderer(request, renderers)
    chosen = QuickContentNegotiation().select_renderer(request, renderers)
    assert (type(chosen[0]), chosen[1]) == (type(expected[0]), expected[1])
