"""Demonstration consultations for Salé (seed_demo): one open (questionnaire and debate), one
upcoming, one closed with its results and the council's report. Fictitious content, labelled as
such; the answers come from the demonstration residents."""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale

from cms.models import HomePage
from consultations.models import (
    Answer,
    ConsultationIndexPage,
    ConsultationPage,
    ConsultationPhase,
    ConsultationTally,
    PhaseKind,
    Response,
)
from demo.discussions import start_discussion
from participation.models import Arrondissement

DEMO_NOTE = {
    "ar": "معطيات تجريبية: هذه الاستشارة مثال لعرض المنصة.",
    "fr": "Données de démonstration : cette consultation est un exemple.",
    "en": "Demonstration data: this consultation is an example.",
}

INDEX = {
    "ar": (
        "الاستشارات العمومية",
        "consultations",
        "يستشير المجلس الجماعي سكان سلا في مشاريعه وميزانيته وأنظمته. أجيبوا عن الاستمارات، وناقشوا، ثم اطلعوا على النتائج وعلى ما سيفعله المجلس بآرائكم.",
    ),
    "fr": (
        "Consultations publiques",
        "consultations",
        "Le conseil communal consulte les habitants de Salé sur ses projets, son budget et ses règlements. Répondez aux questionnaires, débattez, puis découvrez les résultats et ce que le conseil fera de vos avis.",
    ),
    "en": (
        "Public consultations",
        "consultations",
        "The communal council consults Salé's residents on its projects, budget and regulations. Answer the questionnaires, debate, then see the results and what the council will do with your views.",
    ),
}


def _q(qid, kind, texts, required=False, choices=(), allow_other=False, show_if=None, scale=None):
    return {
        "id": qid,
        "kind": kind,
        "texts": texts,
        "required": required,
        "choices": choices,
        "allow_other": allow_other,
        "show_if": show_if,  # (choice id) of an earlier question
        "scale": scale,
    }


BUDGET_QUESTIONS = [
    _q(
        "b0000001-0000-4000-8000-000000000001",
        "single_choice",
        {
            "ar": ("ما هو المجال الذي يجب أن يحظى بالأولوية في ميزانية 2027؟", "اختر مجالا واحدا."),
            "fr": (
                "Quel domaine doit être prioritaire dans le budget 2027 ?",
                "Choisissez un seul domaine.",
            ),
            "en": ("Which area should come first in the 2027 budget?", "Choose one area."),
        },
        required=True,
        choices=[
            (
                "b1000001-0000-4000-8000-000000000001",
                {
                    "ar": "الطرق والإنارة العمومية",
                    "fr": "Voirie et éclairage public",
                    "en": "Roads and street lighting",
                },
            ),
            (
                "b1000001-0000-4000-8000-000000000002",
                {
                    "ar": "النقل والتنقل",
                    "fr": "Transport et mobilité",
                    "en": "Transport and mobility",
                },
            ),
            (
                "b1000001-0000-4000-8000-000000000003",
                {"ar": "المساحات الخضراء", "fr": "Espaces verts", "en": "Green spaces"},
            ),
            (
                "b1000001-0000-4000-8000-000000000004",
                {
                    "ar": "الخدمات الإدارية الرقمية",
                    "fr": "Services administratifs numériques",
                    "en": "Digital administrative services",
                },
            ),
        ],
        allow_other=True,
    ),
    _q(
        "b0000001-0000-4000-8000-000000000002",
        "multiple_choice",
        {
            "ar": ("ما هي خطوط النقل التي تستعملها؟", "يمكنك اختيار عدة أجوبة."),
            "fr": ("Quelles lignes de transport utilisez-vous ?", "Plusieurs réponses possibles."),
            "en": ("Which transport lines do you use?", "Several answers possible."),
        },
        choices=[
            (
                "b1000002-0000-4000-8000-000000000001",
                {"ar": "الترامواي", "fr": "Le tramway", "en": "The tramway"},
            ),
            (
                "b1000002-0000-4000-8000-000000000002",
                {"ar": "الحافلات", "fr": "Les bus", "en": "Buses"},
            ),
            (
                "b1000002-0000-4000-8000-000000000003",
                {"ar": "سيارات الأجرة الكبيرة", "fr": "Les grands taxis", "en": "Shared taxis"},
            ),
        ],
        allow_other=True,
        show_if="b1000001-0000-4000-8000-000000000002",
    ),
    _q(
        "b0000001-0000-4000-8000-000000000003",
        "ranking",
        {
            "ar": ("رتب هذه المشاريع حسب أهميتها بالنسبة إليك", ""),
            "fr": ("Classez ces projets selon leur importance pour vous", ""),
            "en": ("Rank these projects by how much they matter to you", ""),
        },
        choices=[
            (
                "b1000003-0000-4000-8000-000000000001",
                {
                    "ar": "تهيئة كورنيش أبي رقراق",
                    "fr": "Aménagement de la corniche du Bouregreg",
                    "en": "Bouregreg waterfront",
                },
            ),
            (
                "b1000003-0000-4000-8000-000000000002",
                {
                    "ar": "ملاعب القرب في الأحياء",
                    "fr": "Terrains de proximité dans les quartiers",
                    "en": "Neighbourhood sports grounds",
                },
            ),
            (
                "b1000003-0000-4000-8000-000000000003",
                {
                    "ar": "شباك رقمي موحد للوثائق",
                    "fr": "Guichet numérique unique des documents",
                    "en": "One digital counter for documents",
                },
            ),
            (
                "b1000003-0000-4000-8000-000000000004",
                {
                    "ar": "إنارة LED في الأزقة",
                    "fr": "Éclairage LED dans les ruelles",
                    "en": "LED lighting in the alleys",
                },
            ),
        ],
    ),
    _q(
        "b0000001-0000-4000-8000-000000000004",
        "scale",
        {
            "ar": ("ما مدى رضاك عن خدمات الجماعة اليوم؟", ""),
            "fr": ("Êtes-vous satisfait des services de la commune aujourd'hui ?", ""),
            "en": ("How satisfied are you with the commune's services today?", ""),
        },
        required=True,
        scale={
            "ar": ("غير راض إطلاقا", "راض جدا"),
            "fr": ("Pas du tout", "Tout à fait"),
            "en": ("Not at all", "Very"),
        },
    ),
    _q(
        "b0000001-0000-4000-8000-000000000005",
        "short_text",
        {
            "ar": ("مشروع واحد تقترحه لحيك", "جملة قصيرة تكفي."),
            "fr": ("Un projet que vous proposez pour votre quartier", "Une phrase suffit."),
            "en": ("One project you suggest for your neighbourhood", "One sentence is enough."),
        },
    ),
    _q(
        "b0000001-0000-4000-8000-000000000006",
        "long_text",
        {
            "ar": ("هل لديك ملاحظات أخرى حول الميزانية؟", ""),
            "fr": ("Avez-vous d'autres remarques sur le budget ?", ""),
            "en": ("Any other remarks on the budget?", ""),
        },
    ),
]

GREEN_QUESTIONS = [
    _q(
        "c0000001-0000-4000-8000-000000000001",
        "single_choice",
        {
            "ar": ("هل توافق على منع السيارات في حديقة الحسن الثاني أيام الأحد؟", ""),
            "fr": (
                "Êtes-vous d'accord pour interdire les voitures au jardin Hassan II le dimanche ?",
                "",
            ),
            "en": ("Do you agree with closing the Hassan II garden to cars on Sundays?", ""),
        },
        required=True,
        choices=[
            ("c1000001-0000-4000-8000-000000000001", {"ar": "نعم", "fr": "Oui", "en": "Yes"}),
            ("c1000001-0000-4000-8000-000000000002", {"ar": "لا", "fr": "Non", "en": "No"}),
            (
                "c1000001-0000-4000-8000-000000000003",
                {"ar": "بدون رأي", "fr": "Sans avis", "en": "No opinion"},
            ),
        ],
    ),
    _q(
        "c0000001-0000-4000-8000-000000000002",
        "scale",
        {
            "ar": ("ما تقييمك لنظافة المساحات الخضراء؟", ""),
            "fr": ("Comment jugez-vous la propreté des espaces verts ?", ""),
            "en": ("How clean are the green spaces?", ""),
        },
        required=True,
        scale={
            "ar": ("سيئة جدا", "ممتازة"),
            "fr": ("Très mauvaise", "Excellente"),
            "en": ("Very poor", "Excellent"),
        },
    ),
    _q(
        "c0000001-0000-4000-8000-000000000003",
        "long_text",
        {
            "ar": ("ما الذي يجب تحسينه في الحدائق العمومية؟", ""),
            "fr": ("Que faut-il améliorer dans les jardins publics ?", ""),
            "en": ("What should improve in the public gardens?", ""),
        },
    ),
]

GREEN_TEXTS = [
    "نحتاج إلى مزيد من الكراسي والظل للمسنين.",
    "Plus de poubelles et un gardien le soir, s'il vous plaît.",
    "سقي الأشجار في الصيف ضروري، كثير منها يبس.",
    "Des toilettes publiques propres près des aires de jeux.",
    "إنارة الممرات ليلا لكي تبقى الحديقة آمنة.",
]

BUDGET_TEXTS = [
    "إصلاح الأرصفة في حي السلام",
    "Une bibliothèque de quartier à Hssaine",
    "ملعب قرب لشباب العيايدة",
    "Des passages piétons devant les écoles de Bettana",
    "حافلة ليلية بين تابريكت ووسط المدينة",
]

CONSULTATIONS = [
    {
        "key": "budget-2027",
        "texts": {
            "ar": (
                "الميزانية التشاركية 2027: ما هي أولوياتكم؟",
                "budget-2027",
                "يعد المجلس الجماعي ميزانية 2027. أخبرونا بما يهمكم أكثر: الطرق، النقل، المساحات الخضراء أو الخدمات الرقمية، واقترحوا مشاريع لأحيائكم.",
            ),
            "fr": (
                "Budget participatif 2027 : quelles sont vos priorités ?",
                "budget-2027",
                "Le conseil communal prépare le budget 2027. Dites-nous ce qui compte le plus pour vous : voirie, transport, espaces verts ou services numériques, et proposez des projets pour vos quartiers.",
            ),
            "en": (
                "Participatory budget 2027: what are your priorities?",
                "budget-2027",
                "The communal council is preparing the 2027 budget. Tell us what matters most to you: roads, transport, green spaces or digital services, and suggest projects for your neighbourhoods.",
            ),
        },
        "questions": BUDGET_QUESTIONS,
        "phases": lambda now: [
            (PhaseKind.INFORMATION, now - timedelta(days=20), now - timedelta(days=10)),
            (PhaseKind.DEBATE, now - timedelta(days=15), now + timedelta(days=20)),
            (PhaseKind.QUESTIONNAIRE, now - timedelta(days=10), now + timedelta(days=20)),
            (PhaseKind.RESULTS, now + timedelta(days=20), now + timedelta(days=60)),
            (PhaseKind.REPORT, now + timedelta(days=60), now + timedelta(days=400)),
        ],
        "responses": 140,
        "arrondissements": [],
        "tags": ["budget", "2027"],
    },
    {
        "key": "mobility-plan",
        "texts": {
            "ar": (
                "مخطط التنقل الحضري لسلا",
                "mobility-plan",
                "سيعرض المجلس مشروع مخطط التنقل: خطوط الحافلات، مواقف السيارات، ممرات الدراجات. ستفتح الاستشارة قريبا.",
            ),
            "fr": (
                "Plan de mobilité urbaine de Salé",
                "mobility-plan",
                "Le conseil présentera son projet de plan de mobilité : lignes de bus, stationnement, pistes cyclables. La consultation ouvrira bientôt.",
            ),
            "en": (
                "Salé urban mobility plan",
                "mobility-plan",
                "The council will present its draft mobility plan: bus lines, parking, cycle lanes. The consultation opens soon.",
            ),
        },
        "questions": [],
        "phases": lambda now: [
            (PhaseKind.INFORMATION, now + timedelta(days=10), now + timedelta(days=20)),
            (PhaseKind.DEBATE, now + timedelta(days=10), now + timedelta(days=45)),
        ],
        "responses": 0,
        "arrondissements": ["bab-lamrissa", "tabriquet"],
        "tags": ["mobility"],
    },
    {
        "key": "green-spaces",
        "texts": {
            "ar": (
                "ميثاق المساحات الخضراء",
                "green-spaces",
                "استشار المجلس السكان حول استعمال الحدائق العمومية ونظافتها. اطلعوا على النتائج وعلى التزامات المجلس.",
            ),
            "fr": (
                "Charte des espaces verts",
                "green-spaces",
                "Le conseil a consulté les habitants sur l'usage et la propreté des jardins publics. Découvrez les résultats et les engagements du conseil.",
            ),
            "en": (
                "Green spaces charter",
                "green-spaces",
                "The council consulted residents on the use and cleanliness of public gardens. See the results and the council's commitments.",
            ),
        },
        "questions": GREEN_QUESTIONS,
        "phases": lambda now: [
            (PhaseKind.DEBATE, now - timedelta(days=120), now - timedelta(days=80)),
            (PhaseKind.QUESTIONNAIRE, now - timedelta(days=120), now - timedelta(days=80)),
            (PhaseKind.RESULTS, now - timedelta(days=80), now - timedelta(days=40)),
            (PhaseKind.REPORT, now - timedelta(days=30), now + timedelta(days=300)),
        ],
        "responses": 90,
        "arrondissements": [],
        "tags": ["environment"],
        "report": {
            "ar": (
                "<p>أجاب 90 مشاركا. يريد أغلبهم حديقة بدون سيارات يوم الأحد، ويطالبون بالظل والكراسي والنظافة.</p>",
                "<ul><li>منع السيارات في حديقة الحسن الثاني أيام الأحد ابتداء من الربيع.</li><li>تركيب 40 كرسيا و20 حاوية قمامة.</li><li>حارس مسائي في الحدائق الكبرى.</li></ul>",
            ),
            "fr": (
                "<p>90 participants ont répondu. Une majorité veut un jardin sans voitures le dimanche et demande de l'ombre, des bancs et de la propreté.</p>",
                "<ul><li>Jardin Hassan II sans voitures le dimanche dès le printemps.</li><li>40 bancs et 20 poubelles installés.</li><li>Un gardien le soir dans les grands jardins.</li></ul>",
            ),
            "en": (
                "<p>90 participants answered. Most want a car-free garden on Sundays and ask for shade, benches and cleanliness.</p>",
                "<ul><li>Hassan II garden car-free on Sundays from the spring.</li><li>40 benches and 20 bins installed.</li><li>An evening warden in the large gardens.</li></ul>",
            ),
        },
    },
]


def _questionnaire(questions, language):
    stream = []
    for question in questions:
        text, help_text = question["texts"][language]
        value = {
            "text": text,
            "help_text": help_text,
            "required": question["required"],
            "show_if": "",
        }
        if question["choices"]:
            value["choices"] = [
                {"type": "item", "value": labels[language], "id": choice_id}
                for choice_id, labels in question["choices"]
            ]
        if question["kind"] in ("single_choice", "multiple_choice"):
            value["allow_other"] = question["allow_other"]
        if question["show_if"]:
            for earlier in questions:
                for choice_id, labels in earlier["choices"]:
                    if choice_id == question["show_if"]:
                        value["show_if"] = labels[language]
        if question["scale"]:
            value["low_label"], value["high_label"] = question["scale"][language]
        stream.append({"type": question["kind"], "value": value, "id": question["id"]})
    return stream


def _body(language):
    return [{"type": "paragraph", "value": f"<p><em>{DEMO_NOTE[language]}</em></p>"}]


def _index_pages():
    indexes = {}
    source = None
    for language in ("ar", "fr", "en"):
        home = HomePage.objects.filter(locale__language_code=language).first()
        if home is None:
            continue
        title, slug, introduction = INDEX[language]
        index = ConsultationIndexPage.objects.child_of(home).first()
        if index is None:
            if source is None:
                index = ConsultationIndexPage(
                    title=title, slug=slug, introduction=introduction, show_in_menus=True
                )
                home.add_child(instance=index)
            else:
                index = source.copy_for_translation(home.locale).specific
                index.title, index.slug, index.introduction = title, slug, introduction
                index.save()
            index.save_revision().publish()
        source = source or index
        indexes[language] = index
    return indexes


def _answers(question, rng, arrondissement_id):
    """A believable answer to a demonstration question."""
    kind, qid = question["kind"], question["id"]
    choices = [choice_id for choice_id, _labels in question["choices"]]
    if kind == "single_choice":
        weights = [4, 3, 2, 2, 1][: len(choices)]
        shift = (arrondissement_id or 0) % len(weights)  # each arrondissement its own concerns
        weights = weights[shift:] + weights[:shift]
        return [Answer(question=qid, choice=rng.choices(choices, weights=weights)[0])]
    if kind == "multiple_choice":
        picked = [choice for choice in choices if rng.random() < 0.5] or [choices[0]]
        return [Answer(question=qid, choice=choice) for choice in picked]
    if kind == "ranking":
        order = sorted(choices, key=lambda choice: rng.random() + choices.index(choice) * 0.25)
        return [
            Answer(question=qid, choice=choice, position=position)
            for position, choice in enumerate(order, start=1)
        ]
    if kind == "scale":
        return [Answer(question=qid, number=rng.choices([1, 2, 3, 4, 5], [1, 2, 4, 3, 1])[0])]
    texts = BUDGET_TEXTS if qid.startswith("b") else GREEN_TEXTS
    if rng.random() < 0.3:
        return [Answer(question=qid, text=rng.choice(texts))]
    return []


DEBATE = [
    (
        "youssef@sale.example",
        "أقترح أن تخصص الميزانية أولا لإصلاح الطرق في تابريكت، فهي في حالة سيئة منذ سنوات.",
        [
            (
                "official@sale.example",
                "شكرا على مساهمتكم. الطرق من بين المجالات المقترحة في الاستمارة، ونتائجها ستوجه قرار المجلس.",
                True,
            ),
        ],
    ),
    (
        "fatima.zahra@sale.example",
        "Je préfère que la commune investisse dans les services en ligne : moins de files d'attente pour tout le monde.",
        [],
    ),
    ("hamza@sale.example", "ملاعب القرب مهمة لشباب الأحياء، أتمنى أن تكون في كل مقاطعة.", []),
]


def _respond(consultation, spec, residents, now):
    if Response.objects.filter(consultation=consultation).exists() or not spec["responses"]:
        return
    rng = random.Random(spec["key"])
    questionnaire = consultation.phase(PhaseKind.QUESTIONNAIRE)
    start, end = questionnaire.starts_at, min(questionnaire.ends_at, now)
    span = (end - start).total_seconds()
    chosen_first = {}
    # Participation differs between arrondissements, as it does in life.
    weights = [5, 3, 4, 2, 3]
    arrondissement_ids = sorted({resident.arrondissement_id for resident in residents})
    pool = [
        resident
        for resident in residents
        if rng.random() < weights[arrondissement_ids.index(resident.arrondissement_id) % 5] / 5
    ]
    for number, resident in enumerate(pool[: spec["responses"]]):
        submitted_at = start + timedelta(seconds=span * (number + 1) / (spec["responses"] + 1))
        response = Response.objects.create(
            consultation=consultation,
            participant=resident,
            arrondissement_id=resident.arrondissement_id,
            submitted_at=submitted_at,
        )
        rows = []
        for question in spec["questions"]:
            if question["show_if"] and question["show_if"] not in chosen_first.get(response.pk, ()):
                continue
            answers = _answers(question, rng, resident.arrondissement_id)
            for answer in answers:
                answer.response = response
                if answer.choice:
                    chosen_first.setdefault(response.pk, set()).add(answer.choice)
            rows.extend(answers)
        Answer.objects.bulk_create(rows)
    # Two written answers of the closed consultation were published as quotes by moderators.
    if spec.get("report"):
        quoted = set()
        for answer in Answer.objects.filter(response__consultation=consultation).exclude(text=""):
            if answer.text not in quoted and len(quoted) < 3:
                quoted.add(answer.text)
                answer.quote_published_at = now
                answer.save(update_fields=["quote_published_at"])
    # Counted directly: nobody is watching the page while the demo is seeded.
    ConsultationTally.objects.update_or_create(
        consultation=consultation,
        defaults={"participant_count": Response.objects.filter(consultation=consultation).count()},
    )


def seed_consultations(stdout=None):
    """Create the demonstration consultations where missing (idempotent)."""
    indexes = _index_pages()
    if "ar" not in indexes:
        return
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    residents = list(
        get_user_model()
        .objects.filter(email__startswith="signatory-", email__endswith="@demo.sale.example")
        .order_by("email")
    )
    arrondissements = {a.slug: a for a in Arrondissement.objects.canonical()}
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    for spec in CONSULTATIONS:
        title, slug, summary = spec["texts"]["ar"]
        original = ConsultationPage.objects.child_of(indexes["ar"]).filter(slug=slug).first()
        if original is None:
            with transaction.atomic():
                original = ConsultationPage(
                    title=title,
                    slug=slug,
                    summary=summary,
                    body=_body("ar"),
                    questionnaire=_questionnaire(spec["questions"], "ar"),
                )
                report = spec.get("report", {}).get("ar")
                if report:
                    original.report_what_you_said, original.report_what_we_will_do = report
                original.phases = [
                    ConsultationPhase(kind=kind, starts_at=starts, ends_at=ends)
                    for kind, starts, ends in spec["phases"](now)
                ]
                original.arrondissements = [arrondissements[s] for s in spec["arrondissements"]]
                original.tags.add(*spec["tags"])
                indexes["ar"].add_child(instance=original)
                original.save_revision().publish()
            if stdout:
                stdout.write(f"Created the consultation {title!r} (ar).")
        for language in ("fr", "en"):
            if language not in indexes or original.get_translation_or_none(locales[language]):
                continue
            title, slug, summary = spec["texts"][language]
            page = original.copy_for_translation(locales[language]).specific
            page.title, page.slug, page.summary = title, slug, summary
            page.body = _body(language)
            page.questionnaire = _questionnaire(spec["questions"], language)
            report = spec.get("report", {}).get(language)
            if report:
                page.report_what_you_said, page.report_what_we_will_do = report
            page.save()
            page.save_revision().publish()
        original = ConsultationPage.objects.get(pk=original.pk)
        _respond(original, spec, residents, now)
        if spec["key"] == "budget-2027":
            start_discussion(original, DEBATE)
