"""Demonstration of the commune's announcements for ``seed_demo``: residents who agreed to
receive them (a consent each, as the profile records it), one announcement sent to all of them
(its deliveries made by the sending loop itself, with the demo's dummy mail backend), and one
draft for an arrondissement, waiting for an official to preview and send it."""

from django.contrib.auth import get_user_model

from announcements.apps import CONSENT_PURPOSE
from announcements.models import Announcement, AudienceKind
from announcements.sending import send_batches
from announcements.services import save_draft, start_sending
from participation import consents
from participation.models import Arrondissement

SENT = {
    "ar": (
        "انطلاق الاستشارة حول ميزانية 2027",
        "تدعوكم جماعة سلا إلى المشاركة في الاستشارة حول أولويات ميزانية 2027، مفتوحة على منصة "
        "شارك وفي شبابيك المقاطعات الخمس حتى نهاية الشهر.",
    ),
    "fr": (
        "Lancement de la consultation sur le budget 2027",
        "La commune de Salé vous invite à donner votre avis sur les priorités du budget 2027, "
        "sur Sharik et aux guichets des cinq arrondissements, jusqu'à la fin du mois.",
    ),
}
DRAFT = {
    "ar": (
        "أشغال تهيئة شارع محمد الخامس بتابريكت",
        "تنطلق أشغال تهيئة شارع محمد الخامس يوم الاثنين المقبل لمدة ثلاثة أشهر. ستُحوَّل حركة "
        "السير جزئيا، ويبقى الولوج إلى المحلات التجارية مفتوحا.",
    ),
    "fr": (
        "Travaux d'aménagement du boulevard Mohammed V à Tabriquet",
        "Les travaux d'aménagement du boulevard Mohammed V commencent lundi prochain pour trois "
        "mois. La circulation sera en partie déviée ; les commerces restent accessibles.",
    ),
}


def seed_announcements(stdout=None):
    if Announcement.objects.exists():
        return
    User = get_user_model()
    official = User.objects.filter(email="official@sale.example").first()
    if official is None:
        return
    residents = list(
        User.objects.filter(email__endswith="@demo.sale.example").order_by("email")[:60]
    ) + list(User.objects.filter(email__in=["fatima.zahra@sale.example", "youssef@sale.example"]))
    for resident in residents:
        consents.give(resident, CONSENT_PURPOSE)
    sent = save_draft(official, Announcement(), SENT, {"audience": AudienceKind.EVERYONE})
    start_sending(official, sent)
    while send_batches(sent.pk) == "more":
        pass
    tabriquet = Arrondissement.objects.canonical().filter(slug="tabriquet").first()
    save_draft(
        official,
        Announcement(),
        DRAFT,
        {"audience": AudienceKind.ARRONDISSEMENT, "arrondissement": tabriquet},
    )
    if stdout is not None:
        stdout.write(f"Announcements: one sent to {len(residents)} residents, one draft.")
