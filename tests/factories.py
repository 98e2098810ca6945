import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from factcheck.models import Article, Claim, Publisher
from factcheck.services.common import sha256_hex


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", "pass-for-tests")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            self.groups.add(Group.objects.get(name=extracted))
        self.save()


class PublisherFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publisher
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Publisher {n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    """An article stored directly, without queuing its processing (tests of later stages)."""

    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Report {n}")
    publisher = factory.SubFactory(PublisherFactory)
    body = factory.Sequence(lambda n: f"Report number {n}: nothing checkable happened here.")
    body_sha256 = factory.LazyAttribute(lambda article: sha256_hex(article.body))


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    article = None
    text = factory.Sequence(lambda n: f"Claim number {n}.")
    text_sha256 = factory.LazyAttribute(lambda claim: sha256_hex(claim.text))
