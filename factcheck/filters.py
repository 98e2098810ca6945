import django_filters

from .models import Article, Claim, ContradictionFlag


class ArticleFilter(django_filters.FilterSet):
    class Meta:
        model = Article
        fields = ["status", "story"]


class ClaimFilter(django_filters.FilterSet):
    class Meta:
        model = Claim
        fields = ["article", "story", "status"]


class ContradictionFlagFilter(django_filters.FilterSet):
    claim = django_filters.NumberFilter(method="filter_claim", label="Either claim of the pair")

    class Meta:
        model = ContradictionFlag
        fields = ["status", "kind"]

    def filter_claim(self, queryset, name, value):
        from django.db.models import Q

        return queryset.filter(Q(claim_a_id=value) | Q(claim_b_id=value))
