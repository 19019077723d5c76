"""Signing under load, on PostgreSQL with real threads: one signature per account and per national
ID number whatever the interleaving, and an exact count once the refreshes have run
(docs/architecture.md, "Counting").
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, transaction

from participation.models import IdentityDeclaration, Notification
from participation.national_id import cin_digest
from participation.tasks import mark_recount_queued
from petitions import services
from petitions.counts import record_signature_count, recount_key
from petitions.models import Petition, Signature
from tests.factories import ResidentFactory, declare_identity, make_petition, unique_cin

ACCOUNTS = 20
ATTEMPTS = 64


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("transactional_db")  # the site skeleton, built again after a flush
def test_sixty_four_threads_twenty_people_make_exactly_twenty_signatures(settings):
    """64 threads sign one petition at once: 60 attempts cycle over 20 accounts with 20 distinct
    CINs, 4 attempts come from 2 other accounts holding the CIN of account 0 and of account 1.

    The same CIN on two accounts: declarations are unique by CIN, so a number reaches a second
    account only when the first changes its declared number (a correction). That is what happens
    here, during the race: a thread signs for account k (k = 0, 1), which commits its signature
    with CIN k, then changes account k's declared number to a new one and gives CIN k to late
    comer k in one transaction, then signs for the late comer, as does a second thread waiting
    for the change. Meanwhile the other threads go on signing, account k included (now with its
    new number). Every attempt by a late comer must add nothing (the (petition, CIN)
    constraint), every repeat by an account nothing (the (petition, account) constraint), and no
    attempt may fail.
    """
    # What it needs: a collecting petition (its competence and arrondissement are the
    # skeleton's) and the signatories.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # no logins here
    petition = make_petition(threshold=ACCOUNTS)
    residents = [ResidentFactory() for _ in range(ACCOUNTS)]
    cins = [unique_cin() for _ in range(ACCOUNTS)]
    for resident, cin in zip(residents, cins, strict=True):
        declare_identity(resident, cin=cin)
    late_comers = [ResidentFactory(), ResidentFactory()]
    for resident in late_comers:
        declare_identity(resident)
    handed_over = [threading.Event(), threading.Event()]
    barrier = threading.Barrier(ATTEMPTS)
    errors = []

    def attempt(user):
        return user.pk, services.sign(user, petition)

    def sign(user):
        try:
            barrier.wait(timeout=30)
            return [attempt(user)]
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
            return []
        finally:
            connection.close()

    def sign_then_hand_the_cin_over(k):
        try:
            barrier.wait(timeout=30)
            results = [attempt(residents[k])]  # committed when sign() returns
            with transaction.atomic():
                first = IdentityDeclaration.objects.select_for_update().get(user=residents[k])
                first.set_cin(unique_cin())
                first.save()
                second = IdentityDeclaration.objects.select_for_update().get(user=late_comers[k])
                second.set_cin(cins[k])
                second.save()
            handed_over[k].set()
            results.append(attempt(late_comers[k]))
            return results
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
            handed_over[k].set()
            return []
        finally:
            connection.close()

    def sign_after_the_hand_over(k):
        try:
            barrier.wait(timeout=30)
            if not handed_over[k].wait(timeout=30):
                raise TimeoutError("the CIN was never handed over")
            return [attempt(late_comers[k])]
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
            return []
        finally:
            connection.close()

    jobs = [(sign_then_hand_the_cin_over, 0), (sign_then_hand_the_cin_over, 1)]
    jobs += [(sign_after_the_hand_over, 0), (sign_after_the_hand_over, 1)]
    jobs += [(sign, residents[i % ACCOUNTS]) for i in range(ATTEMPTS - len(jobs))]
    with ThreadPoolExecutor(max_workers=ATTEMPTS) as pool:
        futures = [pool.submit(job, argument) for job, argument in jobs]
        outcomes = [outcome for future in futures for outcome in future.result(timeout=120)]

    assert errors == []
    assert len(outcomes) == ATTEMPTS + 2  # the two hand-over threads signed twice
    added = sorted(user_id for user_id, created in outcomes if created)
    assert added == sorted(resident.pk for resident in residents)  # each account once
    assert not any(
        created for user_id, created in outcomes if user_id in {u.pk for u in late_comers}
    )

    signatures = Signature.objects.filter(petition=petition)
    assert signatures.count() == ACCOUNTS
    assert set(signatures.values_list("user_id", flat=True)) == {r.pk for r in residents}
    assert set(signatures.values_list("cin_digest", flat=True)) == {cin_digest(c) for c in cins}
    # The hand-over did happen: the late comers now hold CINs 0 and 1, already used.
    for k, late_comer in enumerate(late_comers):
        assert IdentityDeclaration.objects.get(user=late_comer).cin_digest == cin_digest(cins[k])

    petition = Petition.objects.get(pk=petition.pk)
    assert petition.signature_count == ACCOUNTS  # the refreshes after the commits made it exact
    assert petition.threshold_reached_at is not None
    assert (
        Notification.objects.filter(
            recipient=petition.mandataire, url__endswith=f"/petitions/{petition.pk}/"
        ).count()
        == 1
    )  # told once that the threshold is reached, however many refreshes ran


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("transactional_db")
def test_a_recount_counts_the_signature_that_left_the_counting_to_it():
    """A signature's statement finds a recount queued, so it queues none; that recount starts
    before the signature commits. The recount must wait for the commit and count it
    (participation/tasks.py ``mark_recount_queued_sql``): it used to count without it, and the
    page showed one signature too few until the next one (9 of 20 in the test above, once)."""
    petition = make_petition(threshold=10)
    resident = ResidentFactory()
    declare_identity(resident)
    assert mark_recount_queued(recount_key(petition.pk))  # a recount queued, not started
    signed, release, errors = threading.Event(), threading.Event(), []

    def sign_and_hold_the_commit():
        try:
            with transaction.atomic():
                assert services.sign(resident, petition)
                signed.set()
                release.wait(timeout=30)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            signed.set()
            connection.close()

    def recount():
        try:
            record_signature_count(petition.pk)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    signer = threading.Thread(target=sign_and_hold_the_commit)
    signer.start()
    assert signed.wait(timeout=30)
    counter = threading.Thread(target=recount)
    counter.start()
    # Let the signature commit once the recount has either finished or is waiting for a lock.
    for _ in range(300):
        counter.join(timeout=0.1)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )
            waiting = cursor.fetchone()[0]
        if waiting or not counter.is_alive():
            break
    release.set()
    signer.join(timeout=30)
    counter.join(timeout=30)
    assert errors == []
    assert Signature.objects.filter(petition=petition).count() == 1
    assert Petition.objects.get(pk=petition.pk).signature_count == 1
