from django.urls import path

from . import apis

app_name = "factcheck"

urlpatterns = [
    path("articles/", apis.ArticleListCreateApi.as_view(), name="article-list"),
    path("articles/batch/", apis.ArticleBatchApi.as_view(), name="article-batch"),
    path("articles/<int:pk>/", apis.ArticleDetailApi.as_view(), name="article-detail"),
    path("articles/<int:pk>/story/", apis.ArticleMoveApi.as_view(), name="article-move"),
    path("claims/", apis.ClaimListCreateApi.as_view(), name="claim-list"),
    path("claims/batch/", apis.ClaimBatchApi.as_view(), name="claim-batch"),
    path("claims/<int:pk>/", apis.ClaimDetailApi.as_view(), name="claim-detail"),
    path("contradictions/", apis.ContradictionListApi.as_view(), name="contradiction-list"),
    path(
        "contradictions/<int:pk>/",
        apis.ContradictionDetailApi.as_view(),
        name="contradiction-detail",
    ),
    path("stories/", apis.StoryListApi.as_view(), name="story-list"),
    path("stories/<int:pk>/", apis.StoryDetailApi.as_view(), name="story-detail"),
    path("stories/<int:pk>/figures/", apis.StoryFiguresApi.as_view(), name="story-figures"),
]
