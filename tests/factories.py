"""Test data: every factory in one place."""

from __future__ import annotations

import factory
from django.contrib.auth.models import Group

from portal.models import Committee, Membership, Municipality, Role, User

TEST_PASSWORD = "rätt-lösenord-för-test"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    name = "Testkommun"


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Nämnd {n}")
    abbreviation = factory.Sequence(lambda n: f"N{n}")
    slug = factory.Sequence(lambda n: f"namnd-{n}")
    kind = Committee.Kind.COMMITTEE


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.django.Password(TEST_PASSWORD)

    @factory.post_generation
    def roles(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        if create and extracted:
            for role in extracted:
                self.groups.add(Group.objects.get(name=Role(role)))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    committee = factory.SubFactory(CommitteeFactory)
    role = Membership.Role.REPORTER
