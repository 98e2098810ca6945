"""Every list answers in a constant number of queries, whatever the page size."""

import pytest

from tests.conftest import queries_and_rows
from tests.factories import ArticleFactory, ClaimFactory


def make_articles_with_claims(count: int) -> None:
    for _ in range(count):
        article = ArticleFactory()
        ClaimFactory(article=article, text=article.body, start=0, end=len(article.body))


@pytest.mark.parametrize("path", ["/api/v1/articles/", "/api/v1/claims/"])
@pytest.mark.django_db
def test_list_queries_do_not_grow_with_the_page(editor, path):
    def queries_for(page_size: int) -> tuple[int, int]:
        return queries_and_rows(editor, f"{path}?page_size={page_size}")

    make_articles_with_claims(2)
    small, listed = queries_for(200)
    assert listed == 2
    make_articles_with_claims(60)
    assert queries_for(200) == (small, 62)
    assert queries_for(50) == (small, 50)
