"""Content negotiation of the API: DRF's, answered at once in the usual case."""

from rest_framework.negotiation import DefaultContentNegotiation


class QuickContentNegotiation(DefaultContentNegotiation):
    """A request with no `Accept` header, or `*/*`, and no `?format=` gets the view's first
    renderer, which is what DRF's negotiation picks for it after parsing the header and
    ranking every renderer; anything else is negotiated by DRF."""

    def select_renderer(self, request, renderers, format_suffix=None):
        accept = request.META.get("HTTP_ACCEPT")
        if (
            accept in (None, "*/*")
            and not format_suffix
            and self.settings.URL_FORMAT_OVERRIDE not in request.query_params
        ):
            renderer = renderers[0]
            return renderer, renderer.media_type
        return super().select_renderer(request, renderers, format_suffix)
