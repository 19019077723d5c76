"""Who an announcement goes to (announcements/audiences.py), on known data: only residents who
opted in, with a confirmed address, and active; then each kind of audience."""

import pytest
from allauth.account.models import EmailAddress
from taggit.models import Tag

from announcements.apps import CONSENT_PURPOSE
from announcements.audiences import audience_of, opted_in
from announcements.models import AudienceKind
from participation import consents
from participation.models import Arrondissement, Follow
from participation.services import host_content_type
from tests.announcements.factories import AnnouncementFactory, OptedInResidentFactory
from tests.cms.factories import translate_page
from tests.consultations.factories import ConsultationPageFactory
from tests.participation.factories import ResidentFactory, UnverifiedResidentFactory
from tests.petitions.factories import PetitionFactory
from tests.plan.factories import AxisPageFactory, ProjectPageFactory, action_plan
from tests.proposals.factories import ProposalCategoryFactory, ProposalFactory

pytestmark = pytest.mark.django_db


def follows(user, host):
    Follow.objects.create(user=user, content_type=host_content_type(host), object_id=host.pk)
    return user


def ids(queryset):
    return set(queryset.values_list("pk", flat=True))


def test_only_active_residents_who_opted_in_with_a_confirmed_address():
    opted = OptedInResidentFactory()
    ResidentFactory()  # never asked
    withdrawn = OptedInResidentFactory()
    consents.withdraw(withdrawn, CONSENT_PURPOSE)
    inactive = OptedInResidentFactory(is_active=False)
    unconfirmed = UnverifiedResidentFactory()
    consents.give(unconfirmed, CONSENT_PURPOSE)
    changed_address = OptedInResidentFactory()  # the new address is not confirmed yet
    changed_address.email = "new-address@sale.example"
    changed_address.save()
    without_address = OptedInResidentFactory()  # an account opened at a counter, say
    EmailAddress.objects.filter(user=without_address).delete()
    without_address.email = None
    without_address.save()

    assert ids(opted_in()) == {opted.pk}
    assert inactive.pk not in ids(opted_in())
    assert ids(audience_of(AnnouncementFactory())) == {opted.pk}


def test_an_arrondissement_in_any_of_its_translations():
    bettana = Arrondissement.objects.canonical().get(slug="bettana")
    layayda = Arrondissement.objects.canonical().get(slug="layayda")
    in_bettana = OptedInResidentFactory(arrondissement=bettana)
    OptedInResidentFactory(arrondissement=layayda)
    ResidentFactory(arrondissement=bettana)  # not opted in
    OptedInResidentFactory(arrondissement=None)

    announcement = AnnouncementFactory(audience=AudienceKind.ARRONDISSEMENT, arrondissement=bettana)

    assert ids(audience_of(announcement)) == {in_bettana.pk}


def test_the_followers_of_an_axis_its_projects_and_its_proposals():
    category = ProposalCategoryFactory(slug="digital-administration")
    axis = AxisPageFactory(proposal_category=category)
    other_axis = AxisPageFactory()
    project = ProjectPageFactory(parent=axis)
    action_plan("fr")
    translate_page(axis, "fr", slug="axe-fr")
    french_project = translate_page(project, "fr", slug="projet-fr")
    elsewhere = ProjectPageFactory(parent=other_axis)
    proposal = ProposalFactory(category=category)

    of_project = follows(OptedInResidentFactory(), project)
    of_translation = follows(OptedInResidentFactory(), french_project)
    of_axis = follows(OptedInResidentFactory(), axis)
    of_proposal = follows(OptedInResidentFactory(), proposal)
    follows(OptedInResidentFactory(), elsewhere)
    follows(ResidentFactory(), project)  # follows, never opted in
    OptedInResidentFactory()  # opted in, follows nothing
    both = follows(follows(OptedInResidentFactory(), project), proposal)

    announcement = AnnouncementFactory(audience=AudienceKind.AXIS, axis=axis)

    audience = audience_of(announcement)
    assert ids(audience) == {
        of_project.pk,
        of_translation.pk,
        of_axis.pk,
        of_proposal.pk,
        both.pk,
    }
    assert audience.count() == 5  # once each, whatever they follow


def test_the_followers_of_content_with_a_tag():
    tagged_proposal = ProposalFactory(tags=["إنارة"])
    tagged_petition = PetitionFactory(tags=["إنارة"])
    tagged_consultation = ConsultationPageFactory(tags=["إنارة"])
    untagged = ProposalFactory(tags=["حدائق"])

    of_proposal = follows(OptedInResidentFactory(), tagged_proposal)
    of_petition = follows(OptedInResidentFactory(), tagged_petition)
    of_consultation = follows(OptedInResidentFactory(), tagged_consultation)
    follows(OptedInResidentFactory(), untagged)
    follows(ResidentFactory(), tagged_proposal)  # never opted in

    announcement = AnnouncementFactory(audience=AudienceKind.TAG, tag=Tag.objects.get(name="إنارة"))

    assert ids(audience_of(announcement)) == {of_proposal.pk, of_petition.pk, of_consultation.pk}


def test_an_audience_whose_target_was_deleted_is_nobody():
    OptedInResidentFactory()
    announcement = AnnouncementFactory(audience=AudienceKind.AXIS, axis=None)
    assert ids(audience_of(announcement)) == set()
