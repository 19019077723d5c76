"""Demonstration proposals for ``seed_demo`` (clearly fictitious, set in Salé)."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from participation.models import Arrondissement
from proposals.models import Proposal, ProposalCategory, ProposalEvent, ProposalStatus, Support

# title, description, category, arrondissement, (lat, lng) or None, author, status, tags,
# supporters, the commune's answer (or "")
DEMO_PROPOSALS = [
    (
        "إنارة شارع سوق بطانة",
        "الشارع المؤدي إلى سوق بطانة مظلم بعد المغرب، ويعود منه التلاميذ والتجار. نقترح تركيب "
        "أعمدة إنارة بمصابيح LED موفرة للطاقة على طول 600 متر.",
        "mobility",
        "bettana",
        (34.0446, -6.8108),
        "fatima.zahra@sale.example",
        "under_study",
        ["إنارة", "أمن"],
        ["youssef@sale.example", "khadija@sale.example", "hamza@sale.example"],
        "تدرس المصالح التقنية كلفة المشروع، وسيُعرض على لجنة الميزانية في الدورة المقبلة.",
    ),
    (
        "Un guichet en ligne pour les actes d'état civil",
        "Pouvoir demander un extrait d'acte de naissance en ligne et le retirer à l'arrondissement "
        "sans faire la queue deux fois.",
        "digital-administration",
        "tabriquet",
        None,
        "khadija@sale.example",
        "accepted",
        ["état civil", "en ligne"],
        ["fatima.zahra@sale.example", "youssef@sale.example"],
        "Accepté : le guichet sera intégré à la plateforme de la commune en 2027.",
    ),
    (
        "حديقة للأطفال قرب مدرسة العيايدة",
        "لا توجد مساحة لعب آمنة في الحي. الأرض الفارغة قرب المدرسة يمكن تحويلها إلى حديقة صغيرة "
        "بألعاب وأشجار ومقاعد.",
        "environment",
        "layayda",
        (34.0598, -6.7702),
        "youssef@sale.example",
        "published",
        ["حديقة", "أطفال"],
        ["hamza@sale.example"],
        "",
    ),
    (
        "Pistes cyclables vers la gare de Salé",
        "Une piste cyclable protégée entre Hssaine et la gare permettrait aux étudiants et aux "
        "salariés d'éviter les embouteillages.",
        "mobility",
        "hssaine",
        (34.0381, -6.7905),
        "hamza@sale.example",
        "published",
        ["vélo", "mobilité"],
        ["khadija@sale.example", "fatima.zahra@sale.example"],
        "",
    ),
    (
        "نشر محاضر دورات المجلس على الموقع",
        "نشر جدول أعمال دورات المجلس الجماعي ومحاضرها بصيغة مفتوحة، مع بث مباشر للجلسات.",
        "open-administration",
        "bab-lamrissa",
        None,
        "fatima.zahra@sale.example",
        "published",
        ["شفافية"],
        ["youssef@sale.example", "khadija@sale.example", "hamza@sale.example"],
        "",
    ),
    (
        "Ateliers numériques pour les seniors",
        "Des ateliers hebdomadaires à la maison de jeunes pour apprendre à utiliser les services "
        "publics en ligne.",
        "digital-communication",
        "bab-lamrissa",
        (34.0402, -6.8231),
        "khadija@sale.example",
        "published",
        ["seniors", "formation"],
        ["hamza@sale.example"],
        "",
    ),
    (
        "ملعب قرب لتابريكت",
        "تهيئة ملعب قرب بعشب اصطناعي لشباب تابريكت مع تنظيم استعماله من طرف الجمعيات.",
        "culture-sport",
        "tabriquet",
        (34.0531, -6.7842),
        "hamza@sale.example",
        "pending",
        ["رياضة", "شباب"],
        [],
        "",
    ),
]


def seed_proposals(stdout):
    if Proposal.objects.exists():
        return
    users = {user.email: user for user in get_user_model().objects.all()}
    categories = {c.slug: c for c in ProposalCategory.objects.canonical()}
    arrondissements = {a.slug: a for a in Arrondissement.objects.canonical()}
    official = users.get("official@sale.example")
    now = timezone.now()
    for days_ago, row in enumerate(DEMO_PROPOSALS):
        (title, body, category, arrondissement, place, author, status, tags, supporters, answer) = (
            row
        )
        proposal = Proposal.objects.create(
            title=title,
            body=body,
            category=categories[category],
            arrondissement=arrondissements[arrondissement],
            latitude=place[0] if place else None,
            longitude=place[1] if place else None,
            author=users[author],
            status=status,
            published_at=None if status == "pending" else now - timezone.timedelta(days=days_ago),
        )
        proposal.tags.add(*tags)
        ProposalEvent.objects.create(
            proposal=proposal, status=ProposalStatus.PENDING, actor=users[author]
        )
        if status != "pending":
            ProposalEvent.objects.create(proposal=proposal, status=ProposalStatus.PUBLISHED)
        if answer:
            ProposalEvent.objects.create(
                proposal=proposal, status=status, text=answer, actor=official
            )
        Support.objects.bulk_create(
            Support(proposal=proposal, user=users[email]) for email in supporters
        )
        proposal.support_count = len(supporters)
        proposal.save(update_fields=["support_count"])
    stdout.write(f"Created {len(DEMO_PROPOSALS)} demonstration proposals.")
