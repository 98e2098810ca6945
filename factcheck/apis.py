"""The REST API under /api/v1/: thin views over selectors (reads) and services (writes)."""

from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from . import selectors, services
from .filters import ArticleFilter, ClaimFilter, ContradictionFlagFilter
from .permissions import CanReadNewsroomContent, ReadOrSubmitContent
from .serializers import (
    ArticleCreateSerializer,
    ArticleDetailSerializer,
    ArticleSerializer,
    ClaimCreateSerializer,
    ClaimSerializer,
    ContradictionFlagSerializer,
)


class ArticleListCreateApi(generics.ListAPIView):
    """List articles; POST one to have its claims extracted and checked in the background.
    Posting the same body or URL again answers 200 with the stored article."""

    permission_classes = [ReadOrSubmitContent]
    serializer_class = ArticleSerializer
    filterset_class = ArticleFilter

    def get_queryset(self):
        return selectors.article_list_for_user(self.request.user)

    def post(self, request):
        payload = ArticleCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        result = services.article_create(
            body=data["body"],
            title=data["title"],
            url=data["url"],
            publisher_name=data["publisher"] or None,
            published_at=data["published_at"],
            submitted_by=request.user,
        )
        article = result.article
        return Response(
            ArticleDetailSerializer(article).data,
            status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK,
            headers={"Location": f"/api/v1/articles/{article.pk}/"},
        )


class ArticleDetailApi(generics.RetrieveAPIView):
    permission_classes = [CanReadNewsroomContent]
    serializer_class = ArticleDetailSerializer

    def get_object(self):
        return selectors.article_get_for_user(self.request.user, self.kwargs["pk"])


class ClaimListCreateApi(generics.ListAPIView):
    """List claims (`?article=` for one article's); POST a claim of your own to have it
    checked against the stored claims."""

    permission_classes = [ReadOrSubmitContent]
    serializer_class = ClaimSerializer
    filterset_class = ClaimFilter

    def get_queryset(self):
        return selectors.claim_list_for_user(self.request.user)

    def post(self, request):
        payload = ClaimCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        article = None
        if data["article"] is not None:
            article = (
                selectors.article_list_for_user(request.user).filter(pk=data["article"]).first()
            )
            if article is None:
                raise ValidationError({"article": ["No such article."]})
        story = None
        if data["story"] is not None:
            story = selectors.story_get(data["story"])
            if story is None:
                raise ValidationError({"story": ["No such story."]})
        try:
            result = services.claim_create(
                text=data["text"], article=article, story=story, submitted_by=request.user
            )
        except services.ClaimTextNotInArticle as error:
            raise ValidationError({"text": [str(error)]}) from error
        return Response(
            ClaimSerializer(result.claim).data,
            status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK,
            headers={"Location": f"/api/v1/claims/{result.claim.pk}/"},
        )


class ClaimDetailApi(generics.RetrieveAPIView):
    permission_classes = [CanReadNewsroomContent]
    serializer_class = ClaimSerializer

    def get_object(self):
        return selectors.claim_get_for_user(self.request.user, self.kwargs["pk"])


class ContradictionListApi(generics.ListAPIView):
    permission_classes = [CanReadNewsroomContent]
    serializer_class = ContradictionFlagSerializer
    filterset_class = ContradictionFlagFilter

    def get_queryset(self):
        return selectors.flag_list_for_user(self.request.user)


class ContradictionDetailApi(generics.RetrieveAPIView):
    permission_classes = [CanReadNewsroomContent]
    serializer_class = ContradictionFlagSerializer

    def get_object(self):
        return selectors.flag_get_for_user(self.request.user, self.kwargs["pk"])
