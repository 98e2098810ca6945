from rest_framework.pagination import CursorPagination


class StandardPagination(CursorPagination):
    """Cursor pagination: stable under inserts, and no count of a large table on each page.
    Follow `next` until it is null; `page_size` goes up to 200."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = ("-created_at", "-id")
