from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination


class StandardPagination(CursorPagination):
    """Cursor pagination: stable under inserts, and no count of a large table on each page.
    Follow `next` until it is null; `page_size` goes up to 200."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = ("-created_at", "-id")

    def decode_cursor(self, request):
        # A malformed cursor is a bad query parameter (400), not a missing resource.
        try:
            return super().decode_cursor(request)
        except NotFound as error:
            raise ValidationError({self.cursor_query_param: [str(error.detail)]}) from error
