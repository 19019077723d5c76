"""Petitions, through their services (organic law 113-14, docs/legal.md): the legal conditions with
a frozen clock, the conformity checklist, the state machine, signing, counting, filing with the
council, the council's side, the closing of ended collections and the review of associations."""

import asyncio
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from asgiref.sync import async_to_sync, sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings as django_settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone, translation

from participation import live
from participation.models import (
    AuditLogEntry,
    Follow,
    IdentityDeclaration,
    Notification,
    QueuedRecount,
    ReportStatus,
)
from participation.national_id import cin_digest
from participation.services import (
    ParticipationError,
    report,
    resolve_reports,
    unfollow,
)
from petitions import counts, law, services
from petitions.counts import recount_key
from petitions.models import (
    Organisation,
    OrganisationStatus,
    Petition,
    PetitionEvent,
    PetitionKind,
    PetitionStatus,
    Signature,
)
from tests.factories import (
    DeclarationStub as Declaration,
)
from tests.factories import (
    ResidentFactory,
    council_competence,
    declare_identity,
    make_official,
    make_organisation,
    make_petition,
    make_signatory,
    pdf_file,
    unique_cin,
)
from tests.petitions.factories import SignatureFactory

pytestmark = pytest.mark.django_db

LOCAL = ZoneInfo(django_settings.TIME_ZONE)  # Africa/Casablanca


def at(year, month, day, hour=12, minute=0):
    """Freeze the clock at a local time of the commune."""
    return time_machine.travel(datetime(year, month, day, hour, minute, tzinfo=LOCAL), tick=False)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Accounts here never log in with a password: hash it cheaply (dozens of accounts a test)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english_messages():
    """Refusals are matched on their source text (the default language is Arabic)."""
    with translation.override("en"):
        yield


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what services queue for after the commit (count refreshes, announcements, live
    events), as the real commit would."""

    @contextmanager
    def committing():
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            yield callbacks

    return committing


@pytest.fixture
def official(db):
    return make_official()


def reload(petition):
    return Petition.objects.get(pk=petition.pk)


def codes(conditions):
    return {condition.code: condition.met for condition in conditions}


def add_signature(petition, user=None):
    """A signature row written directly (for setting up a petition in a later state)."""
    if user is None:
        return SignatureFactory(petition=petition)
    return SignatureFactory(petition=petition, user=user)


def followed_notifications(user, petition):
    return Notification.objects.filter(
        recipient=user, category="followed", url__endswith=f"/petitions/{petition.pk}/"
    ).count()


def association_petition(status="draft", **fields):
    representative = make_signatory()
    organisation = fields.pop("organisation", None) or make_organisation(representative)
    values = {
        "kind": PetitionKind.ASSOCIATION,
        "organisation": organisation,
        "activity_related": True,
        "filing_decision": pdf_file("decision.pdf"),
    }
    values.update(fields)
    return make_petition(representative, status=status, **values)


# --- The law's conditions, with a frozen clock ---------------------------------------------------


@pytest.mark.parametrize(
    ("created_on", "today", "old_enough"),
    [
        (date(2023, 11, 24), date(2026, 11, 25), True),  # three years and a day
        (date(2023, 11, 25), date(2026, 11, 25), False),  # exactly three years: not "more than"
        (date(2023, 11, 26), date(2026, 11, 25), False),
        (date(2020, 2, 29), date(2023, 2, 28), False),  # born on a leap day
        (date(2020, 2, 29), date(2023, 3, 1), True),
    ],
)
def test_association_must_be_constituted_more_than_three_years(created_on, today, old_enough):
    organisation = make_organisation(created_on=created_on)
    with at(today.year, today.month, today.day):
        assert codes(organisation.conditions())["association_age"] is old_enough
        assert organisation.meets_conditions() is old_enough


def test_association_age_uses_the_communes_calendar_day():
    """At 00:30 in Salé it is still the previous day in UTC: the local day counts."""
    organisation = make_organisation(created_on=date(2023, 11, 25))
    with time_machine.travel(datetime(2026, 11, 25, 23, 30, tzinfo=ZoneInfo("UTC")), tick=False):
        assert codes(organisation.conditions())["association_age"] is True
    with time_machine.travel(datetime(2026, 11, 25, 22, 30, tzinfo=ZoneInfo("UTC")), tick=False):
        assert codes(organisation.conditions())["association_age"] is False


@pytest.mark.parametrize(
    ("field", "code"),
    [
        ("seat_in_commune", "association_seat"),
        ("in_good_standing", "association_standing"),
        ("democratic_statutes", "association_democratic"),
    ],
)
def test_each_declared_association_condition(field, code):
    meets = make_organisation()
    fails = make_organisation(name="جمعية أخرى", **{field: False})
    with at(2026, 11, 25):
        assert all(codes(meets.conditions()).values())
        result = codes(fails.conditions())
    assert [c for c, met in result.items() if not met] == [code]
    assert fails.meets_conditions() is False


def test_activity_must_relate_to_the_subject():
    organisation = make_organisation()
    assert codes(organisation.conditions(activity_related=True))["association_activity"] is True
    result = codes(organisation.conditions(activity_related=False))
    assert [c for c, met in result.items() if not met] == ["association_activity"]


@pytest.mark.parametrize(
    ("verified", "created_on", "activity_related", "may_petition"),
    [
        (True, date(2016, 1, 15), True, True),
        (False, date(2016, 1, 15), True, False),  # staff have not verified it
        (True, date(2024, 1, 15), True, False),  # too young
        (True, date(2016, 1, 15), False, False),  # subject outside its activity
    ],
)
def test_who_may_petition_as_an_association(verified, created_on, activity_related, may_petition):
    organisation = make_organisation(verified=verified, created_on=created_on)
    result = law.may_petition_as_association(organisation, activity_related, date(2026, 11, 25))
    assert result is may_petition


def test_no_association_may_not_petition_as_one():
    assert law.may_petition_as_association(None) is False


@pytest.mark.parametrize(
    ("population", "has_arrondissements", "expected"),
    [
        (34_999, False, 100),
        (35_000, False, 200),
        (982_163, False, 200),
        (12_000, True, 400),
        (982_163, True, 400),
    ],
)
def test_publication_fixes_the_threshold_of_the_communes_class(
    settings, moderator, population, has_arrondissements, expected
):
    settings.SHARIK_COMMUNE_POPULATION = population
    settings.SHARIK_COMMUNE_HAS_ARRONDISSEMENTS = has_arrondissements
    petition = services.publish(moderator, make_petition(status="pending"))
    assert reload(petition).signature_threshold == expected
    assert petition.required_signatures == expected


def test_thresholds_come_from_settings_and_stay_fixed_after_publication(settings, moderator):
    settings.SHARIK_PETITION_THRESHOLDS = {
        "under_35000": 90,
        "other": 180,
        "with_arrondissements": 350,
    }
    petition = services.publish(moderator, make_petition(status="pending"))
    assert petition.signature_threshold == 350
    settings.SHARIK_PETITION_THRESHOLDS = {**settings.SHARIK_PETITION_THRESHOLDS, "other": 999}
    settings.SHARIK_COMMUNE_HAS_ARRONDISSEMENTS = False
    assert reload(petition).required_signatures == 350
    # A draft has no fixed threshold yet: it shows today's.
    assert make_petition(status="draft").required_signatures == 999


@pytest.mark.parametrize(
    ("received", "deadline"),
    [
        (date(2026, 1, 15), date(2026, 4, 15)),
        (date(2026, 8, 31), date(2026, 11, 30)),  # no 31 November
        (date(2026, 10, 31), date(2027, 1, 31)),  # over the year end
        (date(2026, 11, 30), date(2027, 2, 28)),
        (date(2027, 11, 29), date(2028, 2, 29)),  # leap year
        (date(2027, 11, 30), date(2028, 2, 29)),
        (date(2026, 12, 31), date(2027, 3, 31)),
    ],
)
def test_inadmissibility_notice_deadline(received, deadline):
    assert law.inadmissibility_notice_deadline(received) == deadline


def test_notice_deadline_is_a_setting(settings):
    settings.SHARIK_PETITION_NOTICE_MONTHS = 2
    assert law.inadmissibility_notice_deadline(date(2026, 12, 31)) == date(2027, 2, 28)


def test_notice_deadline_counts_from_the_local_day_of_filing_and_turns_overdue():
    petition = make_petition(threshold=1)
    add_signature(petition)
    # 23:30 UTC on 30 November is already 1 December in Salé.
    with time_machine.travel(datetime(2026, 11, 30, 23, 30, tzinfo=ZoneInfo("UTC")), tick=False):
        petition = services.file_with_council(petition.mandataire, petition)
    assert petition.received_on == date(2026, 12, 1)
    assert petition.notice_deadline == date(2027, 3, 1)
    with at(2027, 3, 1, 23, 59):
        assert reload(petition).notice_overdue is False
    with at(2027, 3, 2, 0, 1):
        assert reload(petition).notice_overdue is True


@pytest.mark.parametrize(
    ("declaration", "unmet"),
    [
        (Declaration(), []),
        (Declaration(activity="متجر في سوق الكبير", basis="activity"), []),
        (None, ["signatory_declared", "signatory_link", "signatory_electoral_roll"]),
        (Declaration(on_electoral_roll=False), ["signatory_electoral_roll"]),
        (Declaration(address="", activity=""), ["signatory_link"]),
        # Declaring an activity as the link, without describing it, does not meet the condition
        # even with a home address outside the commune written down.
        (Declaration(activity="", basis="activity"), ["signatory_link"]),
    ],
)
def test_signatory_conditions(declaration, unmet):
    result = codes(law.signatory_conditions(declaration))
    assert set(result) == {"signatory_declared", "signatory_link", "signatory_electoral_roll"}
    assert [code for code, met in result.items() if not met] == unmet
    assert law.may_sign(declaration) is (unmet == [])


# --- The conformity checklist --------------------------------------------------------------------


def test_residents_checklist_all_met():
    petition = make_petition(status="collecting", threshold=1)
    add_signature(petition)
    petition.signature_count = 1
    result = codes(petition.conformity_checklist())
    assert result == {
        "eligibility": True,
        "competence": True,
        "exclusions": True,
        "documents": True,
        "threshold": True,
    }
    assert petition.is_conform


@pytest.mark.parametrize(
    ("setup", "unmet"),
    [
        ("no_declaration", "eligibility"),
        ("not_on_roll", "eligibility"),
        ("no_competence", "competence"),
        ("touches_constants", "exclusions"),
        ("below_threshold", "threshold"),
    ],
)
def test_residents_checklist_each_item_unmet(setup, unmet):
    mandataire = ResidentFactory()
    if setup != "no_declaration":
        declare_identity(mandataire, on_electoral_roll=setup != "not_on_roll")
    petition = Petition(
        kind=PetitionKind.RESIDENTS,
        title="إنارة",
        mandataire=mandataire,
        respects_constants=setup != "touches_constants",
        signature_threshold=2,
        signature_count=1 if setup == "below_threshold" else 2,
    )
    if setup != "no_competence":
        petition.competence = council_competence()
    result = codes(petition.conformity_checklist())
    assert [code for code, met in result.items() if not met] == [unmet]
    assert petition.is_conform is (unmet == "threshold")  # the threshold is met by signing


def test_association_checklist_all_met():
    petition = association_petition()
    result = codes(petition.conformity_checklist(today=date(2026, 11, 25)))
    assert result == {
        "eligibility": True,
        "competence": True,
        "exclusions": True,
        "documents": True,
    }


@pytest.mark.parametrize(
    ("change", "unmet"),
    [
        ({"organisation": None}, ["eligibility", "documents"]),
        ({"organisation": {"status": OrganisationStatus.PENDING}}, ["eligibility"]),
        ({"organisation": {"status": OrganisationStatus.REJECTED}}, ["eligibility"]),
        ({"organisation": {"created_on": date(2024, 5, 1)}}, ["eligibility"]),
        ({"organisation": {"seat_in_commune": False}}, ["eligibility"]),
        ({"organisation": {"in_good_standing": False}}, ["eligibility"]),
        ({"organisation": {"democratic_statutes": False}}, ["eligibility"]),
        ({"activity_related": False}, ["eligibility"]),
        ({"respects_constants": False}, ["exclusions"]),
        ({"organisation": {"statutes": ""}}, ["documents"]),
        ({"organisation": {"registration_receipt": ""}}, ["documents"]),
        ({"organisation": {"seat_proof": ""}}, ["documents"]),
        ({"filing_decision": ""}, ["documents"]),
    ],
)
def test_association_checklist_each_item_unmet(change, unmet):
    petition = association_petition()
    for field, value in change.items():
        if field == "organisation" and value is not None:
            for organisation_field, organisation_value in value.items():
                setattr(petition.organisation, organisation_field, organisation_value)
        else:
            setattr(petition, field, value)
    result = codes(petition.conformity_checklist(today=date(2026, 11, 25)))
    assert "threshold" not in result
    assert [code for code, met in result.items() if not met] == unmet


# --- Drafting, pre-review, publication -----------------------------------------------------------


def test_submit_refused_while_a_condition_is_unmet_then_accepted():
    mandataire = ResidentFactory()
    petition = make_petition(mandataire, status="draft", respects_constants=False)
    with pytest.raises(ParticipationError):
        services.submit_for_review(petition)  # no declaration, touches the constants
    declare_identity(mandataire, on_electoral_roll=False)
    petition.respects_constants = True
    petition.save()
    with pytest.raises(ParticipationError):
        services.submit_for_review(petition)  # declared, but not on the rolls
    assert reload(petition).status == PetitionStatus.DRAFT
    IdentityDeclaration.objects.filter(user=mandataire).update(on_electoral_roll=True)
    services.submit_for_review(petition)
    assert reload(petition).status == PetitionStatus.PENDING
    assert Follow.objects.filter(user=mandataire, object_id=petition.pk).exists()
    step = petition.events.get()
    assert (step.status, step.is_public, step.actor) == ("pending", False, mandataire)


def test_association_petition_is_submitted_only_by_a_representative():
    petition = association_petition()
    outsider = make_signatory()
    petition.mandataire = outsider
    with pytest.raises(ParticipationError):
        services.submit_for_review(petition)
    petition.refresh_from_db()
    petition.organisation.status = OrganisationStatus.PENDING
    petition.organisation.save()
    with pytest.raises(ParticipationError):
        services.submit_for_review(petition)  # not verified yet
    petition.organisation.status = OrganisationStatus.VERIFIED
    petition.organisation.save()
    services.submit_for_review(petition)
    assert reload(petition).status == PetitionStatus.PENDING


def test_publish_fixes_the_threshold_and_the_collection_end(moderator, commit):
    petition = make_petition(status="draft")
    services.submit_for_review(petition)
    with at(2026, 11, 25), commit():
        petition = services.publish(moderator, petition)
    petition = reload(petition)
    assert petition.status == PetitionStatus.COLLECTING
    assert petition.signature_threshold == 400
    assert petition.collection_ends_on == date(2026, 11, 25) + timedelta(days=90)
    assert petition.published_at is not None
    assert AuditLogEntry.objects.filter(action="petition.publish", object_id=petition.pk).exists()
    assert Notification.objects.filter(
        recipient=petition.mandataire, category="moderation"
    ).exists()
    assert petition.events.filter(status="collecting", is_public=True, actor=moderator).exists()


def test_publish_with_a_chosen_end_that_must_be_in_the_future(moderator):
    with at(2026, 11, 25):
        petition = make_petition(status="pending")
        for past in (date(2026, 11, 25), date(2026, 11, 1)):
            with pytest.raises(ParticipationError):
                services.publish(moderator, petition, collection_ends_on=past)
        assert reload(petition).status == PetitionStatus.PENDING
        services.publish(moderator, petition, collection_ends_on=date(2027, 1, 31))
    assert reload(petition).collection_ends_on == date(2027, 1, 31)


def test_an_association_petition_is_published_without_threshold_or_collection(moderator):
    petition = services.publish(moderator, association_petition(status="pending"))
    petition = reload(petition)
    assert petition.status == PetitionStatus.COLLECTING
    assert (petition.signature_threshold, petition.collection_ends_on) == (0, None)
    assert petition.may_be_filed


def test_return_to_mandataire_needs_a_reason_and_is_private(moderator):
    petition = make_petition(status="pending")
    with pytest.raises(ParticipationError):
        services.return_to_mandataire(moderator, petition, "   ")
    services.return_to_mandataire(moderator, petition, "السؤال غير واضح")
    assert reload(petition).status == PetitionStatus.RETURNED
    assert "السؤال غير واضح" in Notification.objects.get(recipient=petition.mandataire).message
    assert petition.events.get().is_public is False
    services.submit_for_review(reload(petition))  # corrected and resubmitted
    assert reload(petition).status == PetitionStatus.PENDING


def test_a_collecting_petition_with_signatures_cannot_be_returned(moderator):
    petition = make_petition(status="collecting", signature_count=1)
    add_signature(petition)
    with pytest.raises(ParticipationError):
        services.return_to_mandataire(moderator, petition, "مخالف")
    assert reload(petition).status == PetitionStatus.COLLECTING


def test_a_collecting_petition_without_signatures_can_be_returned(moderator):
    """return_to_mandataire refuses a collecting petition only when residents signed it, and a
    reported collecting petition is hidden by returning it (Petition.hide_after_report): so
    COLLECTING → RETURNED must be an allowed move."""
    petition = make_petition(status="collecting")
    services.return_to_mandataire(moderator, petition, "يمس بالثوابت")
    assert reload(petition).status == PetitionStatus.RETURNED


def test_moderators_hide_a_reported_collecting_petition(moderator):
    petition = make_petition(status="collecting")
    report(ResidentFactory(), petition, "abuse")
    resolve_reports(moderator, petition, ReportStatus.HIDDEN, "يمس بالثوابت")
    assert reload(petition).status == PetitionStatus.RETURNED
    assert not Petition.objects.public().filter(pk=petition.pk).exists()


# --- The state machine ---------------------------------------------------------------------------


def _call(verb, petition, official, moderator):
    mandataire = petition.mandataire
    return {
        "submit_for_review": lambda: services.submit_for_review(petition),
        "publish": lambda: services.publish(moderator, petition),
        "withdraw_petition": lambda: services.withdraw_petition(mandataire, petition),
        "file_with_council": lambda: services.file_with_council(mandataire, petition),
        "declare_admissible": lambda: services.declare_admissible(
            official, petition, "لجنة المرافق العمومية", "دورة فبراير"
        ),
        "declare_inadmissible": lambda: services.declare_inadmissible(
            official, petition, "خارج اختصاصات الجماعة"
        ),
        "record_council_decision": lambda: services.record_council_decision(
            official, petition, "adopted", "م.ج/2026/12", "صادق المجلس بالإجماع"
        ),
    }[verb]()


ALLOWED_FROM = {
    "submit_for_review": ({"draft", "returned"}, "pending"),
    "publish": ({"pending"}, "collecting"),
    "withdraw_petition": ({"collecting"}, "withdrawn"),
    "file_with_council": ({"collecting"}, "filed"),
    "declare_admissible": ({"filed"}, "admissible"),
    "declare_inadmissible": ({"filed"}, "inadmissible"),
    "record_council_decision": ({"admissible"}, "decided"),
}


@pytest.mark.parametrize("status", PetitionStatus.values)
@pytest.mark.parametrize("verb", sorted(ALLOWED_FROM))
def test_each_verb_moves_only_from_its_statuses(verb, status, official, moderator):
    petition = make_petition(status=status, threshold=1)
    add_signature(petition)
    sources, target = ALLOWED_FROM[verb]
    if status in sources:
        _call(verb, petition, official, moderator)
        assert reload(petition).status == target
    else:
        with pytest.raises(ParticipationError):
            _call(verb, petition, official, moderator)
        assert reload(petition).status == status
        assert not petition.events.exists()


# --- Signing -------------------------------------------------------------------------------------


def test_sign_refused_without_a_declaration(petition, user):
    with pytest.raises(ParticipationError, match="Declare your identity"):
        services.sign(user, petition)
    assert not Signature.objects.filter(petition=petition).exists()


@pytest.mark.parametrize(
    "overrides",
    [{"on_electoral_roll": False}, {"address": "", "activity": ""}],
)
def test_sign_refused_when_the_declaration_does_not_meet_the_conditions(overrides):
    petition = make_petition()
    with pytest.raises(ParticipationError, match="does not meet the conditions"):
        services.sign(make_signatory(**overrides), petition)
    assert not Signature.objects.filter(petition=petition).exists()


def test_sign_until_the_end_date_inclusive_in_local_time():
    petition = make_petition(collection_ends_on=date(2031, 3, 10))
    with at(2031, 3, 10, 23, 59):
        assert services.sign(make_signatory(), petition) is True
    late = make_signatory()
    with at(2031, 3, 11, 0, 1), pytest.raises(ParticipationError, match="not collecting"):
        services.sign(late, petition)
    # 23:30 UTC on the end date is already the next day in Salé.
    utc_late = datetime(2031, 3, 10, 23, 30, tzinfo=ZoneInfo("UTC"))
    with time_machine.travel(utc_late, tick=False), pytest.raises(ParticipationError):
        services.sign(late, petition)
    assert Signature.objects.filter(petition=petition).count() == 1


@pytest.mark.parametrize(
    "status", [s for s in PetitionStatus.values if s != PetitionStatus.COLLECTING]
)
def test_sign_refused_when_not_collecting(status):
    petition = make_petition(status=status)
    with pytest.raises(ParticipationError, match="not collecting"):
        services.sign(make_signatory(), petition)
    assert not Signature.objects.filter(petition=petition).exists()


def test_an_association_petition_is_not_signed():
    petition = association_petition(status="collecting")
    with pytest.raises(ParticipationError):
        services.sign(make_signatory(), petition)
    assert not Signature.objects.filter(petition=petition).exists()


def test_a_stale_petition_object_does_not_let_a_signature_in(petition, signatory):
    """The status is read from the database under a lock, not from the object in hand."""
    Petition.objects.filter(pk=petition.pk).update(status=PetitionStatus.WITHDRAWN)
    with pytest.raises(ParticipationError):
        services.sign(signatory, petition)
    assert not Signature.objects.filter(petition=petition).exists()


def test_one_signature_per_account_and_the_declaration_is_copied(petition, signatory, commit):
    with commit():
        assert services.sign(signatory, petition, show_name=True) is True
        assert services.sign(signatory, petition) is False  # a double submit
    signature = Signature.objects.get(petition=petition)
    declaration = signatory.identity
    assert signature.user == signatory
    assert signature.cin_digest == declaration.cin_digest
    assert signature.cin_encrypted == declaration.cin_encrypted
    assert (signature.full_name, signature.address) == (declaration.full_name, declaration.address)
    assert signature.arrondissement_id == declaration.arrondissement_id
    assert signature.on_electoral_roll is True and signature.show_name is True
    assert signature.declaration_version == django_settings.SHARIK_SIGNATURE_DECLARATION_VERSION
    assert Follow.objects.filter(user=signatory, object_id=petition.pk).exists()
    assert reload(petition).signature_count == 1


def test_a_second_account_with_the_same_cin_cannot_sign(commit):
    """Declarations are unique by CIN, so the same number reaches a second account only when the
    first changes its declared number: then the signature already given with it still counts and
    the second account's signature with that number is refused."""
    petition = make_petition()
    first, second = ResidentFactory(), ResidentFactory()
    shared_cin = unique_cin()
    declare_identity(first, cin=shared_cin)
    with commit():
        assert services.sign(first, petition) is True
    first.identity.set_cin(unique_cin())
    first.identity.save()
    declare_identity(second, cin=shared_cin)
    with commit():
        assert services.sign(second, petition) is False
        assert services.sign(first, petition) is False  # its new number: still one per account
    assert list(Signature.objects.filter(petition=petition).values_list("user", "cin_digest")) == [
        (first.pk, cin_digest(shared_cin))
    ]
    assert reload(petition).signature_count == 1
    # The same person may of course sign another petition.
    with commit():
        assert services.sign(second, make_petition()) is True


def test_the_count_is_refreshed_after_the_commit(commit):
    petition = make_petition(threshold=10)
    signatories = [make_signatory() for _ in range(3)]
    with commit():
        for signatory in signatories:
            services.sign(signatory, petition)
    assert reload(petition).signature_count == 3 == petition.signatures.count()
    with commit():
        services.withdraw_signature(signatories[0], petition)
    assert reload(petition).signature_count == 2 == petition.signatures.count()


def test_viewers_receive_the_new_count_live(commit):
    petition = make_petition(threshold=10)
    signatory = make_signatory()
    layer = get_channel_layer()
    group = live.group_name(petition.thread_key, "ar")

    def sign():
        with commit():
            services.sign(signatory, petition)

    async def watch():
        channel = await layer.new_channel()
        await layer.group_add(group, channel)
        try:
            await sync_to_async(sign)()
            return await asyncio.wait_for(layer.receive(channel), timeout=5)
        finally:
            await layer.group_discard(group, channel)

    message = async_to_sync(watch)()
    assert message["type"] == "thread.event"
    assert message["text"] == '{"type": "counter", "name": "signatures", "value": 1}'


def test_the_mandataire_is_told_once_when_the_threshold_is_reached(commit):
    petition = make_petition(threshold=3)
    signatories = [make_signatory() for _ in range(5)]

    def told():
        return Notification.objects.filter(
            recipient=petition.mandataire, url__endswith=f"/petitions/{petition.pk}/"
        ).count()

    with commit():
        services.sign(signatories[0], petition)
        services.sign(signatories[1], petition)
    assert told() == 0 and reload(petition).threshold_reached_at is None
    with at(2026, 11, 25, 10), commit():
        services.sign(signatories[2], petition)
    petition = reload(petition)
    assert petition.threshold_reached_at == datetime(2026, 11, 25, 10, tzinfo=LOCAL)
    assert told() == 1
    with commit():
        services.sign(signatories[3], petition)
        services.withdraw_signature(signatories[0], petition)
        services.withdraw_signature(signatories[1], petition)  # below again
        services.sign(signatories[4], petition)  # and back
    assert told() == 1
    assert reload(petition).threshold_reached_at == petition.threshold_reached_at


def test_a_refresh_is_queued_once_per_burst_a_moment_later(settings, queued_tasks):
    petition = make_petition(threshold=10)
    before = timezone.now()
    for _ in range(3):
        services.schedule_count_refresh(petition.pk)

    def recounts():
        return queued_tasks("refresh_signature_count")

    assert [result.args for result in recounts()] == [[petition.pk]]
    # Deferred, so that the signatures of that moment share the pass.
    delay = (recounts()[0].task.run_after - before).total_seconds()
    wanted = settings.SHARIK_RECOUNT_DELAY_SECONDS
    assert 0 < wanted <= delay < wanted + 1
    assert counts.record_signature_count(petition.pk) == 0  # clears the marker
    services.schedule_count_refresh(petition.pk)
    assert len(recounts()) == 2


def test_withdraw_a_signature_before_filing_not_after(commit):
    petition = make_petition(threshold=2)
    first, second, third = make_signatory(), make_signatory(), make_signatory()
    with commit():
        for signatory in (first, second, third):
            services.sign(signatory, petition)
        assert services.withdraw_signature(first, petition) is True
        assert services.withdraw_signature(first, petition) is False  # nothing left to withdraw
    assert reload(petition).signature_count == 2
    services.file_with_council(petition.mandataire, petition)
    with pytest.raises(ParticipationError):
        services.withdraw_signature(second, petition)
    assert Signature.objects.filter(petition=petition, user=second).exists()
    assert reload(petition).signature_count == 2


# --- Filing with the council ---------------------------------------------------------------------


def test_filing_is_refused_below_the_threshold():
    petition = make_petition(threshold=2)
    add_signature(petition)
    with pytest.raises(ParticipationError):
        services.file_with_council(petition.mandataire, petition)
    petition = reload(petition)
    assert (petition.status, petition.receipt_number, petition.filed_at) == (
        "collecting",
        None,
        None,
    )


def test_only_the_mandataire_files():
    petition = make_petition(threshold=1)
    signatory = make_signatory()
    add_signature(petition, signatory)
    for someone_else in (signatory, make_official()):
        with pytest.raises(ParticipationError):
            services.file_with_council(someone_else, petition)
    assert reload(petition).status == PetitionStatus.COLLECTING


def test_receipt_numbers_follow_each_other_within_a_local_year():
    petitions = [make_petition(threshold=1) for _ in range(3)]
    for petition in petitions:
        add_signature(petition)
    with at(2033, 6, 1):
        first = services.file_with_council(petitions[0].mandataire, petitions[0])
        second = services.file_with_council(petitions[1].mandataire, petitions[1])
    new_year_in_sale = datetime(2034, 1, 1, 0, 30, tzinfo=LOCAL)
    assert new_year_in_sale.astimezone(ZoneInfo("UTC")).year == 2033  # still 2033 in UTC
    with time_machine.travel(new_year_in_sale.astimezone(ZoneInfo("UTC")), tick=False):
        third = services.file_with_council(petitions[2].mandataire, petitions[2])
    assert [first.receipt_number, second.receipt_number, third.receipt_number] == [
        "SALE-2033-0001",
        "SALE-2033-0002",
        "SALE-2034-0001",
    ]
    assert reload(first).receipt_number == "SALE-2033-0001"
    assert reload(first).filed_at == datetime(2033, 6, 1, 12, tzinfo=LOCAL)


def test_a_gap_in_the_receipt_numbers_does_not_block_filing():
    """A number already given (say a petition filed then deleted in the admin, so the year holds
    fewer petitions than its highest number) must not stop the next filing."""
    earlier = make_petition(status="filed")
    Petition.objects.filter(pk=earlier.pk).update(receipt_number="SALE-2033-0002")
    petition = make_petition(threshold=1)
    add_signature(petition)
    with at(2033, 6, 1):
        petition = services.file_with_council(petition.mandataire, petition)
    assert petition.receipt_number == "SALE-2033-0003"


def test_filing_freezes_the_exact_count(commit):
    petition = make_petition(threshold=2)
    signatories = [make_signatory() for _ in range(3)]
    with commit():
        services.sign(signatories[0], petition)
        services.sign(signatories[1], petition)
    services.sign(signatories[2], petition)  # its count refresh has not run yet
    assert reload(petition).signature_count == 2
    petition = services.file_with_council(petition.mandataire, petition)
    assert reload(petition).signature_count == 3
    assert reload(petition).status == PetitionStatus.FILED
    step = petition.events.get(status="filed")
    assert step.is_public and step.actor == petition.mandataire
    assert AuditLogEntry.objects.get(action="petition.file", object_id=petition.pk).data == {
        "receipt": petition.receipt_number
    }
    with pytest.raises(ParticipationError):
        services.sign(make_signatory(), petition)
    with commit():
        counts.record_signature_count(petition.pk)
    assert reload(petition).signature_count == 3 == petition.signatures.count()


def test_an_association_files_without_signatures():
    petition = association_petition(status="collecting")
    petition = services.file_with_council(petition.mandataire, petition)
    assert reload(petition).status == PetitionStatus.FILED
    assert petition.receipt_number.startswith("SALE-")


# --- The council's side --------------------------------------------------------------------------


@pytest.fixture
def audience(db):
    """A filed petition and who hears of it: a follower who did not sign, a signatory who follows
    (automatically, by signing), a signatory who stopped following, and the mandataire."""
    petition = make_petition(threshold=2)
    follower, signatory, unfollowed = ResidentFactory(), make_signatory(), make_signatory()
    services.follow(follower, petition)
    services.sign(signatory, petition)
    services.sign(unfollowed, petition)
    unfollow(unfollowed, petition)
    services.follow(petition.mandataire, petition)
    petition = services.file_with_council(petition.mandataire, petition)
    Notification.objects.all().delete()
    return petition, {
        "follower": follower,
        "signatory": signatory,
        "unfollowed": unfollowed,
        "mandataire": petition.mandataire,
    }


def assert_everyone_told_once(petition, people, official):
    for role, user in people.items():
        assert followed_notifications(user, petition) == 1, role
    assert followed_notifications(official, petition) == 0


def test_declare_admissible(audience, official, commit):
    petition, people = audience
    services.follow(official, petition)  # even following, the acting official is not told
    for committee, session in (("  ", "دورة فبراير"), ("لجنة المرافق", " ")):
        with pytest.raises(ParticipationError):
            services.declare_admissible(official, petition, committee, session)
    with commit():
        services.declare_admissible(official, petition, " لجنة المرافق ", "دورة فبراير 2027", "نص")
    petition = reload(petition)
    assert (petition.status, petition.committee, petition.session) == (
        "admissible",
        "لجنة المرافق",
        "دورة فبراير 2027",
    )
    step = petition.events.get(status="admissible")
    assert step.is_public and step.actor == official
    assert step.text == "نص"
    assert AuditLogEntry.objects.filter(action="petition.admissible", actor=official).exists()
    assert_everyone_told_once(petition, people, official)


def test_declare_inadmissible(audience, official, commit):
    petition, people = audience
    received = petition.received_on
    with pytest.raises(ParticipationError):
        services.declare_inadmissible(official, petition, "   ")
    with pytest.raises(ParticipationError):
        services.declare_inadmissible(
            official, petition, "خارج الاختصاص", notified_on=received - timedelta(days=1)
        )
    assert reload(petition).status == PetitionStatus.FILED
    with commit():
        services.declare_inadmissible(official, petition, " خارج الاختصاص ", notified_on=received)
    petition = reload(petition)
    assert petition.status == PetitionStatus.INADMISSIBLE
    assert petition.inadmissibility_reasons == "خارج الاختصاص"
    assert petition.mandataire_notified_on == received
    step = petition.events.get(status="inadmissible")
    assert step.is_public and step.text == "خارج الاختصاص"
    assert AuditLogEntry.objects.get(action="petition.inadmissible").reason == "خارج الاختصاص"
    assert_everyone_told_once(petition, people, official)


def test_declare_inadmissible_on_the_day_by_default(audience, official):
    petition, _people = audience
    with at(2040, 1, 10):
        services.declare_inadmissible(official, petition, "خارج الاختصاص")
    assert reload(petition).mandataire_notified_on == date(2040, 1, 10)


def test_record_the_council_decision(audience, official, commit):
    petition, people = audience
    services.declare_admissible(official, petition, "لجنة المرافق", "دورة فبراير")
    Notification.objects.all().delete()
    for reference, text in (("  ", "صادق المجلس"), ("م.ج/12", "  ")):
        with pytest.raises(ParticipationError):
            services.record_council_decision(official, petition, "adopted", reference, text)
    with commit():
        services.record_council_decision(
            official, petition, "partly_adopted", "م.ج/12", "صادق المجلس جزئيا", date(2027, 2, 3)
        )
    petition = reload(petition)
    assert petition.status == PetitionStatus.DECIDED
    assert (petition.decision, petition.deliberation_reference, petition.decided_on) == (
        "partly_adopted",
        "م.ج/12",
        date(2027, 2, 3),
    )
    step = petition.events.get(status="decided")
    assert step.is_public and step.text == "صادق المجلس جزئيا"
    entry = AuditLogEntry.objects.get(action="petition.decided")
    assert entry.data == {"decision": "partly_adopted"} and entry.reason == "م.ج/12"
    assert_everyone_told_once(petition, people, official)


def test_an_unknown_council_decision_is_refused(audience, official):
    petition, _people = audience
    services.declare_admissible(official, petition, "لجنة المرافق", "دورة فبراير")
    with pytest.raises(ParticipationError):
        services.record_council_decision(official, petition, "approved!", "م.ج/12", "صادق")
    assert reload(petition).status == PetitionStatus.ADMISSIBLE


def test_withdrawal_by_the_mandataire_is_public_and_announced(commit):
    petition = make_petition(threshold=5)
    signatory = make_signatory()
    with commit():
        services.sign(signatory, petition)
    services.follow(petition.mandataire, petition)
    Notification.objects.all().delete()
    with commit():
        services.withdraw_petition(petition.mandataire, petition, " اتفاق مع الجماعة ")
    petition = reload(petition)
    assert petition.status == PetitionStatus.WITHDRAWN and petition.is_public
    assert petition.events.get().text == "اتفاق مع الجماعة"
    assert followed_notifications(signatory, petition) == 1
    assert followed_notifications(petition.mandataire, petition) == 0


# --- Closing ended collections -------------------------------------------------------------------


def stop_other_collections():
    """The demo's collecting petitions would end too when the clock is moved years ahead."""
    Petition.objects.filter(status=PetitionStatus.COLLECTING).update(
        status=PetitionStatus.WITHDRAWN
    )


def test_ended_collections_below_the_threshold_expire(commit):
    stop_other_collections()
    ends = date(2031, 3, 10)
    below = make_petition(threshold=2, collection_ends_on=ends)
    reached = make_petition(threshold=2, collection_ends_on=ends)
    later = make_petition(threshold=2, collection_ends_on=ends + timedelta(days=1))
    association = association_petition(status="collecting")
    signatory = make_signatory()
    with at(2031, 3, 1), commit():
        services.sign(signatory, below)
        services.sign(signatory, reached)
        services.sign(make_signatory(), reached)
    with at(2031, 3, 10, 23, 59):
        assert services.close_ended_collections() == 0  # the end date is inclusive
    Notification.objects.all().delete()
    with at(2031, 3, 11, 0, 1), commit():
        assert services.close_ended_collections() == 1
    statuses = dict(Petition.objects.values_list("pk", "status"))
    assert statuses[below.pk] == PetitionStatus.EXPIRED
    assert statuses[reached.pk] == PetitionStatus.COLLECTING
    assert statuses[later.pk] == PetitionStatus.COLLECTING
    assert statuses[association.pk] == PetitionStatus.COLLECTING
    step = PetitionEvent.objects.get(petition=below, status="expired")
    assert step.is_public and step.actor is None
    assert followed_notifications(signatory, below) == 1
    assert followed_notifications(signatory, reached) == 0
    with at(2031, 3, 12):
        assert services.close_ended_collections() == 1  # the one ending a day later
        assert services.close_ended_collections() == 0  # nothing twice
    assert reload(later).status == PetitionStatus.EXPIRED
    assert reload(reached).status == PetitionStatus.COLLECTING


def test_a_stale_count_does_not_expire_a_petition_that_reached_the_threshold():
    stop_other_collections()
    petition = make_petition(threshold=2, collection_ends_on=date(2031, 3, 10))
    add_signature(petition)
    add_signature(petition)  # counted by no refresh yet: signature_count is 0
    with at(2031, 3, 11):
        assert services.close_ended_collections() == 0
    petition = reload(petition)
    assert (petition.status, petition.signature_count) == ("collecting", 2)


def test_a_petition_that_fell_back_below_the_threshold_expires(commit):
    """Signatories may withdraw until filing; if the count ends below the threshold the petition
    can no longer be filed (may_be_filed), so it must expire rather than stay collecting."""
    stop_other_collections()
    petition = make_petition(threshold=2, collection_ends_on=date(2031, 3, 10))
    first, second = make_signatory(), make_signatory()
    with at(2031, 3, 1), commit():
        services.sign(first, petition)
        services.sign(second, petition)
    assert reload(petition).threshold_reached_at is not None
    with at(2031, 3, 2), commit():
        services.withdraw_signature(first, petition)
    assert reload(petition).signature_count == 1
    assert not reload(petition).may_be_filed
    with at(2031, 3, 11):
        assert services.close_ended_collections() == 1
    assert reload(petition).status == PetitionStatus.EXPIRED


# --- Associations: registration and review -------------------------------------------------------


def test_register_and_verify_an_association(moderator):
    representative, colleague = make_signatory(), make_signatory()
    organisation = make_organisation(verified=False)
    organisation.status = OrganisationStatus.VERIFIED  # whatever the form said
    services.register_organisation(representative, organisation)
    organisation.representatives.add(colleague)
    organisation = Organisation.objects.get(pk=organisation.pk)
    assert organisation.status == OrganisationStatus.PENDING
    assert set(organisation.representatives.all()) == {representative, colleague}
    with pytest.raises(ParticipationError):
        services.review_organisation(moderator, organisation, OrganisationStatus.PENDING)
    services.review_organisation(moderator, organisation, OrganisationStatus.VERIFIED)
    organisation = Organisation.objects.get(pk=organisation.pk)
    assert organisation.is_verified and organisation.reviewed_by == moderator
    assert organisation.reviewed_at is not None
    entry = AuditLogEntry.objects.get(action="organisation.verified")
    assert (entry.actor, entry.object_id) == (moderator, organisation.pk)
    assert entry.content_type == ContentType.objects.get_for_model(Organisation)
    for user in (representative, colleague):
        assert Notification.objects.filter(recipient=user, category="moderation").count() == 1
    assert Notification.objects.filter(recipient=moderator).count() == 0


def test_rejecting_an_association_needs_a_note_told_to_its_representatives(moderator):
    representative = make_signatory()
    organisation = services.register_organisation(representative, make_organisation(verified=False))
    with pytest.raises(ParticipationError):
        services.review_organisation(moderator, organisation, OrganisationStatus.REJECTED, "   ")
    assert Organisation.objects.get(pk=organisation.pk).status == OrganisationStatus.PENDING
    assert not AuditLogEntry.objects.filter(object_id=organisation.pk).exists()
    services.review_organisation(
        moderator, organisation, OrganisationStatus.REJECTED, " وصل الإيداع ناقص "
    )
    organisation = Organisation.objects.get(pk=organisation.pk)
    assert organisation.status == OrganisationStatus.REJECTED
    assert organisation.review_note == "وصل الإيداع ناقص"
    assert AuditLogEntry.objects.get(action="organisation.rejected").reason == "وصل الإيداع ناقص"
    told = Notification.objects.get(recipient=representative)
    assert "وصل الإيداع ناقص" in told.message
    # A rejected association cannot petition.
    assert law.may_petition_as_association(organisation) is False


def test_only_moderators_verify_associations(moderator):
    assert moderator.has_perm("petitions.verify_organisation")
    assert not make_signatory().has_perm("petitions.verify_organisation")
    assert not make_official().has_perm("petitions.verify_organisation")


def test_a_petition_filed_since_it_was_read_is_not_signed():
    """Signing decides on the row as it is when the signature is written (one statement on
    PostgreSQL, asserting the row is as read; else the locked row), not on a stale read."""
    petition = make_petition(threshold=5)
    read_before = Petition.objects.get(pk=petition.pk)
    Petition.objects.filter(pk=petition.pk).update(status=PetitionStatus.FILED)
    with pytest.raises(ParticipationError):
        services.sign(make_signatory(), read_before)
    assert not Signature.objects.filter(petition=petition).exists()


def test_a_petition_extended_since_it_was_read_is_signed_with_its_follow():
    petition = make_petition(threshold=5)
    read_before = Petition.objects.get(pk=petition.pk)
    Petition.objects.filter(pk=petition.pk).update(
        collection_ends_on=petition.collection_ends_on + timedelta(days=10)
    )
    signatory = make_signatory()
    assert services.sign(signatory, read_before) is True
    assert services.sign(signatory, read_before) is False  # a double submit adds nothing
    assert Signature.objects.filter(petition=petition, user=signatory).count() == 1
    assert Follow.objects.filter(user=signatory, object_id=petition.pk, automatic=True).exists()


@pytest.mark.postgres
def test_on_postgresql_a_signature_and_its_follow_are_one_statement(django_assert_num_queries):
    petition = make_petition(threshold=5)
    signatory = make_signatory()
    with django_assert_num_queries(2):  # the declaration, then the one statement
        assert services.sign(signatory, petition) is True
    assert Follow.objects.filter(user=signatory, object_id=petition.pk).exists()


@pytest.mark.postgres
def test_on_postgresql_a_signature_marks_its_recount_in_its_own_statement(
    queued_tasks, django_capture_on_commit_callbacks, django_assert_num_queries
):
    def recounts():
        return [result.args for result in queued_tasks("refresh_signature_count")]

    petition = make_petition(threshold=5)
    first, second, third = make_signatory(), make_signatory(), make_signatory()
    ContentType.objects.get_for_model(petition)  # known to the process, as in a server
    # The declaration, then signature, follow and marker in one statement.
    with django_capture_on_commit_callbacks(execute=True), django_assert_num_queries(2):
        assert services.sign(first, petition) is True
    assert QueuedRecount.objects.filter(marker=recount_key(petition.pk)).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert services.sign(second, petition) is True
    assert recounts() == [[petition.pk]]  # one pass for the burst
    assert counts.record_signature_count(petition.pk) == 2  # clears the marker as it starts
    assert not QueuedRecount.objects.filter(marker=recount_key(petition.pk)).exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.sign(third, petition) is True
    assert recounts() == [[petition.pk], [petition.pk]]
