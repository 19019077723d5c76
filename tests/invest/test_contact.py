"""The investors' contact form: what it refuses (each field re-displayed with its message and
what was typed), robots, garbage, a double submit, the rate limit, and the emails it sends to
the topic's staff and to the investor, each in their language."""

import uuid

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

from invest.forms import normalise_phone
from invest.models import CONSENT_NOTICE_VERSION, InvestorMessage
from tests.factories import EditorFactory
from tests.invest.factories import InvestAssetPageFactory, invest_index, translate, translate_topic
from tests.participation.test_account_pages import SUMMARY, summary_of

pytestmark = pytest.mark.django_db

CONTACT = "/fr/invest/contact/"
MESSAGE = "Nous cherchons un terrain de 2 hectares pour un entrepôt logistique près de la rocade."


def sent(chosen_topic, **changes):
    data = {
        "name": "Karim Benali",
        "organisation": "Atlas Logistique SARL",
        "email": "karim@example.com",
        "phone": "06 12 34 56 78",
        "topic": str(chosen_topic.pk),
        "asset": "",
        "message": MESSAGE,
        "consent": "on",
        "website": "",
        "submission": str(uuid.uuid4()),
    }
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def test_a_message_is_recorded_and_the_investor_thanked(client, investment_topic):
    response = client.post(CONTACT, sent(investment_topic))
    assert response.status_code == 302
    assert response["Location"] == "/fr/invest/contact/thanks/"
    message = InvestorMessage.objects.get()
    assert (message.name, message.email, message.topic) == (
        "Karim Benali",
        "karim@example.com",
        investment_topic,
    )
    assert message.phone == "+212612345678"
    assert message.language == "fr"
    assert message.status == "new"
    assert message.consent_notice == CONSENT_NOTICE_VERSION
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize(
    ("changes", "field", "error"),
    [
        ({"name": ""}, "name", "Enter your name."),
        ({"email": ""}, "email", "Enter your email address: the answer is sent there."),
        ({"email": "karim@"}, "email", "Enter an email address such as name@example.com."),
        ({"phone": "06 12"}, "phone", "Enter a Moroccan number"),
        ({"phone": "+212 12 34 56 78 9"}, "phone", "Enter a Moroccan number"),
        ({"phone": "call me"}, "phone", "Enter a Moroccan number"),
        ({"topic": ""}, "topic", "Choose what your project concerns."),
        ({"topic": "999999"}, "topic", "Choose one of the topics of the list."),
        ({"asset": "999999"}, "asset", "Choose one of the sites of the list."),
        ({"message": "Trop court"}, "message", "Write at least 20 characters (you wrote 10)"),
        ({"message": "x" * 3001}, "message", "Write at most 3000 characters (you wrote 3001)"),
        ({"message": " " * 40}, "message", "Write your message."),
        ({"consent": None}, "consent", "Tick the box: without it the commune cannot answer."),
    ],
)
@pytest.mark.usefixtures("english")
def test_bad_input_is_shown_again_with_its_message_and_what_was_typed(
    client, investment_topic, changes, field, error
):
    data = sent(investment_topic, **changes)
    response = client.post("/en/invest/contact/", data)
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == [field]
    assert error in form.errors[field][0]
    page = response.text
    assert 'id="error-summary"' in page and f'href="#id_{field}"' in page
    # What was typed is still there, the refused field's too.
    assert 'value="Atlas Logistique SARL"' in page
    if field in {"email", "phone", "name"} and data.get(field):
        assert f'value="{data[field]}"' in page
    if field == "message":
        assert data["message"].strip()[:20] in page
    assert not InvestorMessage.objects.exists()


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_summary_names_the_consent_box_briefly(client, investment_topic, language):
    response = client.post(f"/{language}/invest/contact/", sent(investment_topic, consent=None))
    entries = summary_of(response)
    with translation.override(language):
        name = gettext("Consent")
        message = gettext("Tick the box: without it the commune cannot answer.")
        sentence = str(response.context["form"]["consent"].label)
    assert name != "Consent"  # the catalog has it
    # The box's label is a sentence: the summary names it briefly and links to it.
    assert entries == {"id_consent": (name, message)}
    assert sentence not in SUMMARY.search(response.text).group(0)
    assert not InvestorMessage.objects.exists()


def test_the_form_speaks_the_reader_language(client, investment_topic):
    with translation.override("ar"):
        label = gettext("Your email address")
    assert label != "Your email address"  # the catalog has it in Arabic
    page = client.post("/ar/invest/contact/", sent(investment_topic, email="")).text
    assert label in page


@pytest.mark.parametrize(
    "garbage",
    [
        {},
        {"topic": "abc", "asset": "x", "submission": "not-a-uuid", "consent": "yes"},
        {"topic": ["1", "2"], "message": ["a", "b"], "email": "a@b.c\r\nBcc: x@y.z"},
        {"name": "x" * 5000, "organisation": "y" * 5000, "phone": "+" * 500},
        {"submission": "", "website": "", "message": "\x00" * 30},
    ],
)
def test_garbage_is_refused_without_an_error_of_the_server(client, investment_topic, garbage):
    response = client.post(CONTACT, garbage)
    assert response.status_code in {200, 400}
    assert not InvestorMessage.objects.exists()


def test_a_name_on_several_lines_is_kept_on_one(client, investment_topic):
    client.post(CONTACT, sent(investment_topic, name="Karim\r\nBcc: spam@example.com"))
    assert InvestorMessage.objects.get().name == "Karim Bcc: spam@example.com"


def test_a_robot_filling_the_trap_is_thanked_and_nothing_is_kept(
    client, investment_topic, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CONTACT, sent(investment_topic, website="https://spam.example"))
    assert response.status_code == 302
    assert not InvestorMessage.objects.exists()
    assert mail.outbox == []


def test_the_trap_is_hidden_from_people(client, investment_topic):
    page = client.get(CONTACT).text
    assert '<div class="visually-hidden" aria-hidden="true">' in page
    assert 'name="website"' in page and 'tabindex="-1"' in page


def test_the_same_form_sent_twice_records_one_message_and_sends_one_set_of_emails(
    client, investment_topic, django_capture_on_commit_callbacks
):
    investment_topic.staff.add(EditorFactory())
    data = sent(investment_topic)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(CONTACT, data)
        second = client.post(CONTACT, data)
    assert first.status_code == second.status_code == 302
    assert InvestorMessage.objects.count() == 1
    assert len(mail.outbox) == 2  # the staff member and the investor, once each
    # A new form (a new key) is a new message.
    client.post(CONTACT, sent(investment_topic))
    assert InvestorMessage.objects.count() == 2


def test_each_showing_of_the_form_has_a_new_key(client, investment_topic):
    first = client.get(CONTACT).context["form"]["submission"].value()
    second = client.get(CONTACT).context["form"]["submission"].value()
    assert first and second and first != second


def test_the_address_is_refused_after_the_limit(client, investment_topic):
    # "3/h/ip": three messages an hour from one address.
    for _number in range(3):
        assert client.post(CONTACT, sent(investment_topic)).status_code == 302
    refused = client.post(CONTACT, sent(investment_topic))
    assert refused.status_code == 429
    assert InvestorMessage.objects.count() == 3
    # Bad input costs nothing and is still shown again.
    assert client.post(CONTACT, sent(investment_topic, email="")).status_code == 200


def test_the_staff_and_the_investor_are_emailed_each_in_their_language(
    client, investment_topic, django_capture_on_commit_callbacks
):
    arabic_reader = EditorFactory(email="desk-ar@sale.example", preferred_language="ar")
    french_reader = EditorFactory(email="desk-fr@sale.example", preferred_language="fr")
    investment_topic.staff.add(arabic_reader)
    french_topic = translate_topic(
        investment_topic,
        "fr",
        "Foncier industriel",
        "service des affaires économiques",
    )
    french_topic.staff.add(french_reader)  # staff set on a translation count too
    french_topic.department_email = "economie@sale.example"
    french_topic.save()
    asset = InvestAssetPageFactory(title="سلا الجديدة")
    french_asset = translate(asset, "fr", "Salé Al Jadida")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(CONTACT, sent(investment_topic, asset=str(french_asset.pk)))
    by_address = {email.to[0]: email for email in mail.outbox}
    assert set(by_address) == {
        "desk-ar@sale.example",
        "desk-fr@sale.example",
        "economie@sale.example",
        "karim@example.com",
    }
    message = InvestorMessage.objects.get()
    for address in ("desk-ar@sale.example", "desk-fr@sale.example", "economie@sale.example"):
        email = by_address[address]
        assert MESSAGE in email.body and "karim@example.com" in email.body
        assert "Salé Al Jadida" in email.body
        assert f"/invest/messages/inspect/{message.pk}/" in email.body
    assert investment_topic.name in by_address["desk-ar@sale.example"].subject
    assert "Foncier industriel" in by_address["desk-fr@sale.example"].subject
    acknowledgement = by_address["karim@example.com"]
    assert "Foncier industriel" in acknowledgement.body  # the topic in the investor's language
    assert "service des affaires économiques" in acknowledgement.body
    with translation.override("fr"):
        assert gettext("Hello,") in acknowledgement.body
    # Nothing the sender typed comes back in it: the form must not relay texts to others.
    assert MESSAGE not in acknowledgement.body and "Karim" not in acknowledgement.body


def test_a_topic_without_staff_goes_to_the_site_contact_address(
    client, investment_topic, django_capture_on_commit_callbacks
):
    from wagtail.models import Site

    from cms.models import SiteLinks

    links = SiteLinks.for_site(Site.objects.get(is_default_site=True))
    links.contact_email = "sharik@sale.example"
    links.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(CONTACT, sent(investment_topic))
    assert sorted(email.to[0] for email in mail.outbox) == [
        "karim@example.com",
        "sharik@sale.example",
    ]


def test_coming_from_an_asset_preselects_it_in_the_reader_language(client, investment_topic):
    asset = InvestAssetPageFactory()
    french_asset = translate(asset, "fr", "Technopolis Rabat-Salé")
    page = client.get(asset.url)
    assert f"/ar/invest/contact/?asset={asset.pk}" in page.text
    form = client.get(f"/ar/invest/contact/?asset={asset.pk}").context["form"]
    assert form["asset"].value() == asset.pk
    # The Arabic asset's id on the French form: its French translation.
    form = client.get(f"{CONTACT}?asset={asset.pk}").context["form"]
    assert form["asset"].value() == french_asset.pk
    for nonsense in ("abc", "999999", "", "1e9"):
        response = client.get(f"{CONTACT}?asset={nonsense}")
        assert response.status_code == 200
        assert response.context["form"]["asset"].value() is None


def test_the_index_links_to_the_desk(client, investment_topic):
    page = client.get(invest_index().url).text
    assert 'href="/ar/invest/contact/"' in page


def test_the_form_says_why_and_for_how_long(client, investment_topic):
    page = client.get("/en/invest/contact/").text
    assert "law 09-08" in page
    assert "2 years" in page
    assert 'name="consent"' in page and "required" in page


def test_without_topics_the_desk_says_it_is_not_open(client):
    response = client.get(CONTACT)
    assert response.status_code == 200
    assert not response.context["desk_is_open"]
    assert 'name="message"' not in response.text


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("06 12 34 56 78", "+212612345678"),
        ("05.37.12.34.56", "+212537123456"),
        ("+212 6 12 34 56 78", "+212612345678"),
        ("00212 612-345-678", "+212612345678"),
        ("+212 (0)6 12 34 56 78", "+212612345678"),
        ("٠٦١٢٣٤٥٦٧٨", "+212612345678"),
        ("+33 1 23 45 67 89", "+33123456789"),
        ("0049 30 1234567", "+49301234567"),
    ],
)
def test_phone_numbers_are_kept_in_international_form(typed, kept):
    assert normalise_phone(typed) == kept


@pytest.mark.parametrize(
    "typed", ["06 12 34", "01 23 45 67 89", "+212 1 23 45 67 89", "+0 123", "12345678", "+1 23"]
)
def test_impossible_phone_numbers_are_refused(typed):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        normalise_phone(typed)
