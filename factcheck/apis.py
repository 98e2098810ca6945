"""The REST API under /api/v1/: thin views over selectors (reads) and services (writes)."""

import functools
from collections.abc import Callable

from django.db import transaction
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.filters import OrderingFilter
from rest_framework.response import Response

from api.fields import NoNulSearchFilter

from . import figures, rows, selectors
from .filters import ArticleFilter, ClaimFilter, ContradictionFlagFilter, StoryFilter
from .idempotency import IDEMPOTENCY_KEY_PARAMETER, idempotent
from .models import Article, Claim, ContradictionFlag, Story
from .permissions import CanReadNewsroomContent, IsEditorOrAdmin, ReadOrSubmitContent
from .serializers import (
    ArticleBatchResponseSerializer,
    ArticleBatchSerializer,
    ArticleCreateSerializer,
    ArticleDetailSerializer,
    ArticleMoveSerializer,
    ArticleSerializer,
    ClaimBatchResponseSerializer,
    ClaimBatchSerializer,
    ClaimCreateSerializer,
    ClaimSerializer,
    ContradictionFlagSerializer,
    StoryFiguresSerializer,
    StorySerializer,
)
from .services.articles import ArticleCreateResult, article_create
from .services.claims import ClaimCreateResult, ClaimTextNotInArticle, claim_create
from .services.stories import article_move_to_story

IDEMPOTENCY_ERRORS = {"422": "The Idempotency-Key was used with another body."}


class NewsroomListApi(generics.ListAPIView):
    """Filterable (django-filter), searchable (`search`), orderable (`ordering`) and
    cursor-paginated list, with rows narrowed to what the user may see."""

    filter_backends = [DjangoFilterBackend, NoNulSearchFilter, OrderingFilter]
    ordering_fields = ["created_at", "updated_at", "id"]
    ordering = ["-created_at", "-id"]
    # How a row is read with `.values()` and rendered: the same fields, in the same order, as
    # `serializer_class` gives (see factcheck/rows.py).
    row_shape: rows.RowShape

    def visible_rows(self):
        raise NotImplementedError

    @classmethod
    @functools.cache
    def _row_renderer(cls) -> Callable[[dict], dict]:
        # Building a serializer's fields costs more than rendering a page: once per class.
        return cls.row_shape.renderer(cls.serializer_class().fields)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return self.queryset
        return self.visible_rows()

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset.values(*self.row_shape.paths()))
        render = self._row_renderer()
        return self.get_paginated_response(self.complete_rows([render(row) for row in page]))

    def complete_rows(self, rendered):
        """Fill the row shape's `later` fields for the whole page (a fixed number of queries)."""
        return rendered


def _created_or_existing(created: bool) -> int:
    return status.HTTP_201_CREATED if created else status.HTTP_200_OK


def _article_create(data: dict, user) -> ArticleCreateResult:
    return article_create(
        body=data["body"],
        title=data["title"],
        url=data["url"],
        publisher_name=data["publisher"] or None,
        published_at=data["published_at"],
        submitted_by=user,
    )


@extend_schema_view(
    get=extend_schema(summary="List articles"),
    post=extend_schema(
        summary="Submit an article",
        description="Stores the article and queues its processing: claims are extracted and "
        "compared with the stored ones in the background (`status`: received → extracted → "
        "checked, or failed with `failure_reason`). The same body again answers 200 with the "
        "stored article and creates nothing; whoever sends a stored body becomes one of its "
        "submitters (it proved it holds the article). A URL already used by an article you "
        "may read answers 200 with that article; a URL another client used, with another "
        "body, gets an article of your own (201): a URL alone never hands over another "
        "newsroom's article.",
        request=ArticleCreateSerializer,
        responses={201: ArticleDetailSerializer, 200: ArticleDetailSerializer},
        parameters=[IDEMPOTENCY_KEY_PARAMETER],
    ),
)
class ArticleListCreateApi(NewsroomListApi):
    permission_classes = [ReadOrSubmitContent]
    serializer_class = ArticleSerializer
    row_shape = rows.ARTICLE_ROW
    filterset_class = ArticleFilter
    queryset = Article.objects.none()
    search_fields = ["title", "url", "publisher__name"]
    ordering_fields = ["created_at", "updated_at", "published_at", "id"]
    extra_error_responses = IDEMPOTENCY_ERRORS

    def visible_rows(self):
        return selectors.article_list_for_user(self.request.user)

    @idempotent
    def post(self, request):
        payload = ArticleCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        result = _article_create(payload.validated_data, request.user)
        return Response(
            ArticleDetailSerializer(result.article).data,
            status=_created_or_existing(result.created),
            headers={"Location": f"/api/v1/articles/{result.article.pk}/"},
        )


class BatchSubmitApi(generics.GenericAPIView):
    """All or nothing: every item is stored in one transaction, and the first refused item
    (field errors or a rule a service checks) rolls the batch back with its index."""

    permission_classes = [ReadOrSubmitContent]
    extra_error_responses = IDEMPOTENCY_ERRORS
    result_key: str

    def submit_item(self, item: dict) -> tuple[bool, dict]:
        """Store one validated item: (created, its representation)."""
        raise NotImplementedError

    @idempotent
    def post(self, request):
        payload = self.get_serializer(data=request.data)
        payload.is_valid(raise_exception=True)
        results = []
        with transaction.atomic():
            for index, item in enumerate(payload.validated_data["items"]):
                try:
                    created, data = self.submit_item(item)
                except ValidationError as error:
                    raise ValidationError({"items": {str(index): error.detail}}) from error
                results.append({"created": created, self.result_key: data})
        return Response({"results": results})


@extend_schema_view(
    post=extend_schema(
        summary="Submit many articles at once",
        description="All or nothing: when any item is invalid, nothing is stored and `errors` "
        "lists the messages per item index. Each result says whether the article was created "
        "or was already stored.",
        request=ArticleBatchSerializer,
        responses={200: ArticleBatchResponseSerializer},
        parameters=[IDEMPOTENCY_KEY_PARAMETER],
    )
)
class ArticleBatchApi(BatchSubmitApi):
    serializer_class = ArticleBatchSerializer
    queryset = Article.objects.none()
    result_key = "article"

    def submit_item(self, item):
        result = _article_create(item, self.request.user)
        return result.created, ArticleDetailSerializer(result.article).data


class ArticleMoveApi(generics.GenericAPIView):
    """Editors file an article under another story (or a new one). Its claims follow, open
    flags across stories are withdrawn, and its claims are compared again in the new story;
    automatic grouping never moves it back."""

    permission_classes = [CanReadNewsroomContent]
    serializer_class = ArticleMoveSerializer
    queryset = Article.objects.none()

    @extend_schema(
        summary="Move an article to another story",
        request=ArticleMoveSerializer,
        responses={200: ArticleDetailSerializer},
    )
    def post(self, request, pk: int):
        article = selectors.article_get_for_user(request.user, pk)  # 404 if not visible
        if not IsEditorOrAdmin().has_permission(request, self):
            raise PermissionDenied("Only editors move articles between stories.")
        payload = ArticleMoveSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        story_id = payload.validated_data["story"]
        if story_id is not None and selectors.story_get(story_id) is None:
            raise ValidationError({"story": ["No such story."]})
        article = article_move_to_story(
            article_id=article.pk, story_id=story_id, actor=request.user
        )
        return Response(
            ArticleDetailSerializer(selectors.article_get_for_user(request.user, article.pk)).data
        )


@extend_schema(summary="Get an article, with its body")
class ArticleDetailApi(generics.RetrieveAPIView):
    permission_classes = [CanReadNewsroomContent]
    serializer_class = ArticleDetailSerializer
    queryset = Article.objects.none()

    def get_object(self):
        return selectors.article_get_for_user(self.request.user, self.kwargs["pk"])


def _claim_create(data: dict, user) -> ClaimCreateResult:
    """Resolve the article and story a claim refers to (as this user may see them) and store
    it; a reference the user cannot see is a field error."""
    article = story = None
    if data["article"] is not None:
        article = selectors.article_list_for_user(user).filter(pk=data["article"]).first()
        if article is None:
            raise ValidationError({"article": ["No such article."]})
    if data["story"] is not None:
        # Another client's story is answered like one that does not exist: the same message,
        # so that the answer reveals nothing of which ids exist.
        story = selectors.story_list_for_user(user).filter(pk=data["story"]).first()
        if story is None:
            raise ValidationError({"story": ["No such story."]})
    try:
        return claim_create(text=data["text"], article=article, story=story, submitted_by=user)
    except ClaimTextNotInArticle as error:
        raise ValidationError({"text": [str(error)]}) from error


@extend_schema_view(
    get=extend_schema(summary="List claims"),
    post=extend_schema(
        summary="Submit a claim",
        description="A claim of your own, compared with the stored claims of its story like an "
        "extracted one. With `article`, the text must occur in the article's body. The same "
        "text again answers 200 with the stored claim when you may read it (in that article, "
        "or one you submitted without an article); another client's claim of the same text "
        "stays theirs and you get your own (201). `story` must be a story you may read; any "
        "other id answers 400 `No such story.`",
        request=ClaimCreateSerializer,
        responses={201: ClaimSerializer, 200: ClaimSerializer},
        parameters=[IDEMPOTENCY_KEY_PARAMETER],
    ),
)
class ClaimListCreateApi(NewsroomListApi):
    permission_classes = [ReadOrSubmitContent]
    serializer_class = ClaimSerializer
    row_shape = rows.CLAIM_ROW
    filterset_class = ClaimFilter
    queryset = Claim.objects.none()
    search_fields = ["text"]
    extra_error_responses = IDEMPOTENCY_ERRORS

    def visible_rows(self):
        return selectors.claim_list_for_user(self.request.user)

    @idempotent
    def post(self, request):
        payload = ClaimCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        result = _claim_create(payload.validated_data, request.user)
        return Response(
            ClaimSerializer(result.claim).data,
            status=_created_or_existing(result.created),
            headers={"Location": f"/api/v1/claims/{result.claim.pk}/"},
        )


@extend_schema_view(
    post=extend_schema(
        summary="Submit many claims at once",
        description="All or nothing: when any item is invalid (including a text that does not "
        "occur in its article), nothing is stored and `errors` lists the messages per item "
        "index.",
        request=ClaimBatchSerializer,
        responses={200: ClaimBatchResponseSerializer},
        parameters=[IDEMPOTENCY_KEY_PARAMETER],
    )
)
class ClaimBatchApi(BatchSubmitApi):
    serializer_class = ClaimBatchSerializer
    queryset = Claim.objects.none()
    result_key = "claim"

    def submit_item(self, item):
        result = _claim_create(item, self.request.user)
        return result.created, ClaimSerializer(result.claim).data


@extend_schema(summary="Get a claim")
class ClaimDetailApi(generics.RetrieveAPIView):
    permission_classes = [CanReadNewsroomContent]
    serializer_class = ClaimSerializer
    queryset = Claim.objects.none()

    def get_object(self):
        return selectors.claim_get_for_user(self.request.user, self.kwargs["pk"])


@extend_schema(summary="List contradiction flags")
class ContradictionListApi(NewsroomListApi):
    permission_classes = [CanReadNewsroomContent]
    serializer_class = ContradictionFlagSerializer
    row_shape = rows.FLAG_ROW
    filterset_class = ContradictionFlagFilter
    queryset = ContradictionFlag.objects.none()
    search_fields = ["explanation"]
    ordering_fields = ["created_at", "updated_at", "score", "id"]

    def visible_rows(self):
        return selectors.flag_list_for_user(self.request.user)

    def complete_rows(self, rendered):
        sides = selectors.flag_claims_by_side([row["id"] for row in rendered])
        for row in rendered:
            row["claims_a"], row["claims_b"] = sides[row["id"]]["a"], sides[row["id"]]["b"]
        return rendered


@extend_schema(summary="Get a contradiction flag")
class ContradictionDetailApi(generics.RetrieveAPIView):
    permission_classes = [CanReadNewsroomContent]
    serializer_class = ContradictionFlagSerializer
    queryset = ContradictionFlag.objects.none()

    def get_object(self):
        return selectors.flag_get_for_user(self.request.user, self.kwargs["pk"])


@extend_schema(summary="List stories (events)")
class StoryListApi(NewsroomListApi):
    permission_classes = [CanReadNewsroomContent]
    serializer_class = StorySerializer
    row_shape = rows.STORY_ROW
    filterset_class = StoryFilter
    queryset = Story.objects.none()
    search_fields = ["title"]

    def visible_rows(self):
        return selectors.story_list_for_user(self.request.user)


@extend_schema(summary="Get a story")
class StoryDetailApi(generics.RetrieveAPIView):
    permission_classes = [CanReadNewsroomContent]
    serializer_class = StorySerializer
    queryset = Story.objects.none()

    def get_object(self):
        return selectors.story_get_for_user(self.request.user, self.kwargs["pk"])


@extend_schema(
    summary="Every figure of a story",
    description="For each measure the story's claims report (what is counted, what happened "
    "to it, place, period): the distinct figures (value or interval as written, source, "
    "report date or null when unknown, the claims stating it) and the open flags between "
    "them. Computed from the claims you may see, like the claims list.",
    responses={200: StoryFiguresSerializer},
)
class StoryFiguresApi(generics.GenericAPIView):
    permission_classes = [CanReadNewsroomContent]
    serializer_class = StoryFiguresSerializer
    queryset = Story.objects.none()

    def get(self, request, pk: int):
        return Response(figures.story_figures_for_user(request.user, pk).as_dict())
