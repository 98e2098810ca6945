from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination


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

    def decode_cursor(self, request):
        # A malformed cursor is a bad query parameter (400), not a missing resource.
        try:
            return super().decode_cursor(request)
        except NotFound as error:
            raise ValidationError({self.cursor_query_param: [str(error.detail)]}) from error
