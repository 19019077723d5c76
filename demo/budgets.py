"""Demonstration participatory budgets for ``seed_demo``: the budgets index in Arabic and French;
"الميزانية التشاركية 2027" voting now, with an envelope per arrondissement, thirty residents'
ideas in every state of the technical review and a few hundred ballots; and the 2026 budget,
closed, with its results.

The ideas and ballots are written in bulk with the states the services would have left (the
calendar is already past the phases in which ``submit_idea`` and ``review`` apply). Every idea is
written for its arrondissement and its year: no title repeats within a budget, nor between them.
"""

import datetime
import random
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from budgets.models import (
    Ballot,
    BallotChoice,
    BallotVersion,
    BudgetIndexPage,
    BudgetPage,
    BudgetProject,
    Envelope,
    Feasibility,
)
from budgets.services import RESULT_PHASES, add_winners_to_plan
from cms.models import HomePage
from participation.models import Arrondissement, Support
from proposals.models import ProposalCategory

INDEX = {
    "ar": ("الميزانية التشاركية", "budgets", "يقترح السكان مشاريع لأحيائهم، تدرسها الجماعة وتحدد كلفتها، ثم يصوت السكان في حدود غلاف كل مقاطعة."),
    "fr": ("Budget participatif", "budget-participatif", "Les habitants proposent des projets pour leur quartier, la commune les étudie et les chiffre, puis les habitants votent dans l'enveloppe de chaque arrondissement."),
}  # fmt: skip

# slug, amount (MAD), population served
ENVELOPES = [
    ("bab-lamrissa", 2_200_000, 195_000),
    ("bettana", 1_800_000, 178_000),
    ("hssaine", 2_400_000, 243_000),
    ("layayda", 1_800_000, 186_000),
    ("tabriquet", 1_800_000, 180_000),
]

# slug, ar title, ar summary, fr title, fr summary, days from today to each phase's start,
# envelope share
BUDGETS = [
    ("budget-2027", "الميزانية التشاركية 2027",
     "عشرة ملايين درهم لمشاريع السكان، موزعة على المقاطعات الخمس.",
     "Budget participatif 2027",
     "Dix millions de dirhams pour les projets des habitants, répartis entre les cinq arrondissements.",
     (-150, -75, -5, 25, 90), 1.0),
    ("budget-2026", "الميزانية التشاركية 2026",
     "الدورة الأولى: ثمانية ملايين درهم لمشاريع السكان، والمشاريع الفائزة في طور الإنجاز.",
     "Budget participatif 2026",
     "La première édition : huit millions de dirhams, les projets retenus sont en cours de réalisation.",
     (-500, -430, -370, -340, -200), 0.8),
]  # fmt: skip


class Idea(NamedTuple):
    """What a resident proposed and what the review made of it: the service that would carry it
    out, or why it cannot be done (the idea is then not feasible)."""

    title: str
    description: str
    cost: int  # the author's estimate, in MAD
    department: str = ""
    refusal: str = ""


# Per budget and arrondissement, six ideas in the order of their review (``_ideas``): three
# feasible, one not feasible, one merged into the first (it asks for the same thing), and one
# still awaiting review (feasible in the 2026 budget, long closed). The arrondissement's name is
# added to each title.
IDEAS = {
    "budget-2027": {
        "bab-lamrissa": [
            Idea("إنارة أسوار المدينة العتيقة بين باب لمريسة وباب شعفة", "إنارة ليلية موفرة للطاقة لواجهة الأسوار والممر المحاذي لها، حتى يصير المرور مساء آمنا.", 780_000, "المصالح التقنية"),
            Idea("ساحة للراجلين أمام باب سبتة", "تبليط الساحة وإزالة الحواجز العشوائية ووضع مقاعد وأشجار، مع ممر واضح للدراجات.", 900_000, "المصالح التقنية"),
            Idea("مرافق صحية عمومية قرب ضريح سيدي بن عاشر", "مرافق صحية نظيفة ومهيأة للأشخاص في وضعية إعاقة، لزوار الضريح والشاطئ.", 420_000, "قسم البيئة والنظافة"),
            Idea("رصيف لقوارب الصيد التقليدي عند مصب أبي رقراق", "رصيف صغير يرسو عنده الصيادون التقليديون بدل الرمال.", 3_500_000, refusal="ضفاف أبي رقراق تدبرها وكالة تهيئة ضفتي أبي رقراق وليس الجماعة: أحيل الاقتراح عليها."),
            Idea("مصابيح في أزقة المدينة العتيقة المحاذية للسور", "الأزقة الضيقة قرب السور مظلمة بعد المغرب، والنساء يتجنبنها.", 250_000, "المصالح التقنية"),
            Idea("ورشات الصناعة التقليدية لشباب المدينة العتيقة", "دورات في الزليج والنقش على الخشب مع حرفيي المدينة العتيقة، ومعرض لأعمال المتدربين.", 360_000, "قسم الشؤون الثقافية والرياضية"),
        ],
        "bettana": [
            Idea("ملعب قرب معشوشب في حي السلام", "ملعب صغير بعشب اصطناعي وإنارة، مفتوح لفرق الأحياء ولمدارسها.", 950_000, "قسم الشؤون الثقافية والرياضية"),
            Idea("إحياء الحديقة المهملة قرب السوق", "غرس أشجار ومساحات عشبية وألعاب للأطفال، مع سقي بالتنقيط.", 640_000, "قسم البيئة والنظافة"),
            Idea("ممرات آمنة أمام المدارس الابتدائية", "ممرات راجلين مرسومة ومخففات سرعة وإشارات أمام ثلاث مدارس.", 230_000, "المصالح التقنية"),
            Idea("ممر علوي للراجلين فوق الطريق نحو الرباط", "جسر للراجلين فوق الطريق السريع حيث يعبره التلاميذ كل صباح.", 6_000_000, refusal="الطريق من اختصاص الدولة والكلفة تفوق غلاف المقاطعة: أحيل الاقتراح على المديرية الإقليمية للتجهيز."),
            Idea("أرضية لكرة القدم قرب إعدادية حي السلام", "أرضية للعب بدل الأرض الخلاء التي يلعب فيها الشباب بين الحجارة.", 700_000, "قسم الشؤون الثقافية والرياضية"),
            Idea("مكتبة ودعم مدرسي في دار الشباب", "رفوف وكتب للأطفال واليافعين وحصص دعم مجانية في المساء.", 300_000, "قسم الشؤون الثقافية والرياضية"),
        ],
        "hssaine": [
            Idea("مسار للمشي والجري في سلا الجديدة", "مسار بطول كيلومتر مع أشجار ومقاعد ونقط للماء الصالح للشرب.", 1_100_000, "قسم البيئة والنظافة"),
            Idea("ولوجيات بين محطة الحافلات والمركز الصحي", "منحدرات وأرصفة مخفضة وممر مهيأ للكراسي المتحركة.", 380_000, "المصالح التقنية"),
            Idea("آلات رياضية في الهواء الطلق قرب السوق النموذجي", "آلات رياضية مجانية على أرضية مطاطية، مع إنارة.", 260_000, "قسم الشؤون الثقافية والرياضية"),
            Idea("مسبح أولمبي مغطى", "مسبح مغطى بمعايير المنافسات لشباب المقاطعة وأنديتها.", 25_000_000, refusal="الكلفة (حوالي 25 مليون درهم) تفوق غلاف المقاطعة بكثير: أحيل الاقتراح على برنامج عمل الجماعة."),
            Idea("حلبة للجري بعيدا عن السيارات", "حلبة مهيأة للجري حول الحديقة الكبرى، فالرصيف ضيق ومزدحم.", 800_000, "قسم البيئة والنظافة"),
            Idea("حاويات لفرز النفايات في الأحياء", "حاويات للورق والبلاستيك والزجاج وحملة تحسيس مع جمعيات الأحياء.", 210_000, "قسم البيئة والنظافة"),
        ],
        "layayda": [
            Idea("إنارة شوارع حي الرحمة", "أعمدة إنارة بمصابيح اقتصادية في الشوارع التي ما تزال مظلمة ليلا.", 680_000, "المصالح التقنية"),
            Idea("تبليط الممرات الترابية وتصريف مياه الأمطار", "تبليط الممرات الترابية التي تغمرها المياه كل شتاء، مع قنوات لتصريفها.", 990_000, "المصالح التقنية"),
            Idea("قاعة مطالعة بحواسيب في دار الشباب", "تجهيز قاعة مطالعة بحواسيب وكتب، مفتوحة بعد المدرسة.", 420_000, "قسم الشؤون الثقافية والرياضية"),
            Idea("خط حافلات مباشر نحو وسط الرباط", "خط يربط الحي بوسط الرباط صباحا ومساء.", 1_500_000, refusal="النقل الحضري تدبره مؤسسة التعاون بين الجماعات وليس الجماعة وحدها: أحيل الاقتراح عليها."),
            Idea("أعمدة إنارة على طريق الإعدادية", "الطريق إلى الإعدادية مظلم في صباحات الشتاء ومساءاته.", 200_000, "المصالح التقنية"),
            Idea("سوق قرب منظم للباعة الجائلين", "أماكن مرقمة ومسقفة للباعة بدل احتلال الرصيف.", 850_000, "المصالح التقنية"),
        ],
        "tabriquet": [
            Idea("تشجير الشارع الرئيسي وسقيه بالتنقيط", "غرس مئتي شجرة على جانبي الشارع مع شبكة للسقي بالتنقيط.", 520_000, "قسم البيئة والنظافة"),
            Idea("ملعب متعدد الرياضات في حي الانبعاث", "ملعب لكرة السلة والكرة الطائرة وكرة اليد، بسياج وإنارة.", 870_000, "قسم الشؤون الثقافية والرياضية"),
            Idea("مقاعد ومظلات ونافورة في ساحة السوق", "مقاعد ومظلات ونافورة للماء الصالح للشرب للمتسوقين والمسنين.", 160_000, "المصالح التقنية"),
            Idea("مركز صحي جديد للحي", "مركز صحي للقرب بطبيب وممرضين قرب السوق.", 4_000_000, refusal="بناء المراكز الصحية وتجهيزها من اختصاص وزارة الصحة: أحيل الاقتراح على المندوبية الإقليمية."),
            Idea("أشجار للظل أمام المدارس", "أشجار في مداخل المدارس الابتدائية حيث ينتظر الآباء تحت الشمس.", 150_000, "قسم البيئة والنظافة"),
            Idea("روض أطفال في قاعة جماعية غير مستعملة", "روض للأطفال من ثلاث إلى خمس سنوات تديره جمعية للحي.", 600_000, "قسم الشؤون الاجتماعية"),
        ],
    },
    "budget-2026": {
        "bab-lamrissa": [
            Idea("ترميم السقايات التاريخية في المدينة العتيقة", "ترميم ثلاث سقايات تقليدية بالزليج وإعادة الماء إليها.", 540_000, "قسم الشؤون الثقافية والرياضية"),
            Idea("شاطئ سلا نظيف في الصيف", "حاويات ومراقبون ومرافق صحية متنقلة طيلة موسم الاصطياف.", 330_000, "قسم البيئة والنظافة"),
            Idea("ممرات آمنة عند باب فاس وباب شعفة", "ممرات مرسومة وحواجز واقية في طريق تلاميذ المدينة العتيقة.", 190_000, "المصالح التقنية"),
            Idea("مرأب تحت أرضي قرب السوق الكبير", "مرأب من طابقين لتخفيف الضغط على أبواب المدينة العتيقة.", 12_000_000, refusal="الكلفة تفوق غلاف المقاطعة بكثير، والحفر تحت المدينة العتيقة يتطلب دراسات أثرية."),
            Idea("إصلاح سقاية المسجد في الحي", "السقاية المجاورة للمسجد معطلة منذ سنوات.", 120_000, "قسم الشؤون الثقافية والرياضية"),
            Idea("لوحات تعرف بمعالم المدينة العتيقة", "لوحات بالعربية والأمازيغية والفرنسية أمام المعالم، ومسار للزوار.", 240_000, "قسم الشؤون الثقافية والرياضية"),
        ],
        "bettana": [
            Idea("ساحة ألعاب للأطفال في حي السلام", "ألعاب آمنة على أرضية مطاطية، بسياج ومقاعد للأولياء.", 460_000, "قسم البيئة والنظافة"),
            Idea("إصلاح دار الشباب", "إصلاح السقف والمرافق الصحية وتجهيز قاعة الأنشطة.", 720_000, "المصالح التقنية"),
            Idea("حاويات مطمورة قرب السوق", "حاويات تحت الأرض بدل النقط السوداء للنفايات.", 380_000, "قسم البيئة والنظافة"),
            Idea("محطة ترامواي في قلب حي السلام", "تمديد خط الترامواي إلى وسط الحي.", 50_000_000, refusal="الترامواي تدبره شركة مختصة على صعيد الرباط وسلا، وكلفة التمديد تفوق الميزانية التشاركية كلها."),
            Idea("ألعاب للأطفال قرب مسجد الحي", "بضع ألعاب في الأرض الفارغة قرب المسجد.", 150_000, "قسم البيئة والنظافة"),
            Idea("دروس رقمية للنساء في المركز الاجتماعي", "حصص مسائية في استعمال الهاتف والخدمات الإدارية عبر الإنترنت.", 140_000, "قسم الشؤون الاجتماعية"),
        ],
        "hssaine": [
            Idea("محطات حافلات مظللة في سلا الجديدة", "مظلات ومقاعد ولوحات للمواقيت في المحطات الرئيسية.", 310_000, "المصالح التقنية"),
            Idea("أكشاك للكتب في الحديقة العمومية", "كتب مجانية للإعارة وطاولات في الظل داخل الحديقة.", 180_000, "قسم الشؤون الثقافية والرياضية"),
            Idea("إصلاح الأزقة الداخلية وتصريف المياه", "ترقيع الحفر وإعادة تبليط الأزقة التي تغمرها مياه الأمطار.", 950_000, "المصالح التقنية"),
            Idea("ملعب بمدرجات لثلاثة آلاف متفرج", "ملعب لكرة القدم بمدرجات لأندية المقاطعة.", 15_000_000, refusal="الكلفة تفوق غلاف المقاطعة، والعقار المقترح مخصص لمؤسسة تعليمية في تصميم التهيئة."),
            Idea("مظلات في محطة حافلات الحي", "ينتظر الركاب تحت الشمس والمطر، بلا مقعد.", 90_000, "المصالح التقنية"),
            Idea("تجهيز مركز المسنين في المقاطعة", "أسرة وكراس متحركة ومطبخ مجهز لمركز المسنين.", 520_000, "قسم الشؤون الاجتماعية"),
        ],
        "layayda": [
            Idea("تعبيد المسلك المؤدي إلى مدرسة الحي", "مسلك ترابي يتحول إلى وحل كل شتاء، ويمر منه مئات التلاميذ.", 640_000, "المصالح التقنية"),
            Idea("ملعب قرب لكرة القدم", "ملعب معشوشب صغير بإنارة ومستودع للملابس.", 700_000, "قسم الشؤون الثقافية والرياضية"),
            Idea("مشتل وحملة تشجير في حي الرحمة", "مشتل صغير تسيره جمعيات الحي، وغرس خمسمئة شجرة.", 210_000, "قسم البيئة والنظافة"),
            Idea("ثانوية تأهيلية جديدة", "ثانوية قريبة بدل التنقل اليومي إلى أحياء أخرى.", 20_000_000, refusal="بناء المؤسسات التعليمية من اختصاص وزارة التربية الوطنية: أحيل الاقتراح على المديرية الإقليمية."),
            Idea("إصلاح الطريق أمام المدرسة الابتدائية", "حفر عميقة أمام باب المدرسة تملؤها المياه.", 300_000, "المصالح التقنية"),
            Idea("محل لتعاونيات النساء", "محل مجهز لبيع منتوجات تعاونيات النساء في الحي.", 380_000, "قسم الشؤون الاجتماعية"),
        ],
        "tabriquet": [
            Idea("إنارة الساحة الكبرى للحي", "أعمدة إنارة ومصابيح اقتصادية في الساحة وحولها.", 290_000, "المصالح التقنية"),
            Idea("إصلاح أرصفة السوق الأسبوعي", "تبليط أرصفة السوق وتصريف مياه الأمطار.", 680_000, "المصالح التقنية"),
            Idea("ولوجيات مقر المقاطعة", "منحدرات وشبابيك منخفضة ومرافق صحية مهيأة في مقر المقاطعة.", 450_000, "المصالح التقنية"),
            Idea("مسبح مكشوف للحي", "مسبح للأطفال والشباب في فصل الصيف.", 9_000_000, refusal="الكلفة تفوق غلاف المقاطعة، ومسبح جماعي مبرمج أصلا في برنامج عمل الجماعة 2022-2027."),
            Idea("أضواء في الساحة قرب المسجد", "الجزء الخلفي من الساحة بلا إنارة.", 120_000, "المصالح التقنية"),
            Idea("مرافق صحية في السوق الأسبوعي", "مرافق نظيفة ومحروسة للباعة والمتسوقين.", 260_000, "قسم البيئة والنظافة"),
        ],
    },
}  # fmt: skip


def _at(days):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))


def _index(homes):
    ar_home = homes["ar"]
    index = BudgetIndexPage.objects.child_of(ar_home).first()
    if index is None:
        title, slug, introduction = INDEX["ar"]
        index = BudgetIndexPage(
            title=title, slug=slug, introduction=introduction, show_in_menus=True
        )
        ar_home.add_child(instance=index)
        index.save_revision().publish()
    if "fr" in homes and index.get_translation_or_none(homes["fr"].locale) is None:
        translation = index.copy_for_translation(homes["fr"].locale).specific
        translation.title, translation.slug, translation.introduction = INDEX["fr"]
        translation.save_revision().publish()
    return index


def _budget(index, homes, arrondissements, row):
    slug, title_ar, summary_ar, title_fr, summary_fr, days, share = row
    budget = BudgetPage.objects.child_of(index).filter(slug=slug).first()
    if budget is None:
        envelopes = [
            Envelope(
                arrondissement=arrondissements[place],
                amount=int(amount * share),
                population=population,
            )
            for place, amount, population in ENVELOPES
        ]
        starts = dict(
            zip(
                ("ideas_start_at", "review_start_at", "vote_start_at", "results_start_at",
                 "follow_up_start_at"),
                (_at(d) for d in days),
                strict=True,
            )
        )  # fmt: skip
        budget = BudgetPage(
            title=title_ar,
            slug=slug,
            summary=summary_ar,
            # Neighbourhood works and green spaces: the action plan's axis "environment".
            axis=ProposalCategory.objects.canonical().filter(slug="environment").first(),
            total_amount=sum(e.amount for e in envelopes),
            **starts,
        )
        budget.envelopes = envelopes
        index.add_child(instance=budget)
        budget.save_revision().publish()
        budget = BudgetPage.objects.get(pk=budget.pk)
    if "fr" in homes and budget.get_translation_or_none(homes["fr"].locale) is None:
        translation = budget.copy_for_translation(homes["fr"].locale, copy_parents=True).specific
        translation.title, translation.slug, translation.summary = title_fr, slug, summary_fr
        translation.save_revision().publish()
    return budget


def _voters(arrondissements):
    """The demo's signatories vote: they have a confirmed email and an arrondissement
    (demo/petitions.py); those without a year of birth are given one."""
    people = list(
        get_user_model()
        .objects.filter(
            email__startswith="signatory-",
            email__endswith="@demo.sale.example",
            arrondissement__isnull=False,
        )
        .select_related("arrondissement")
        .order_by("email")
    )
    missing = [person for person in people if person.birth_year is None]
    for number, person in enumerate(missing):
        person.birth_year = 1950 + (number * 11) % 58
    get_user_model().objects.bulk_update(missing, ["birth_year"])
    return people


def _ideas(budget, authors, reviewer, arrondissements, with_pending):
    """Thirty ideas, six per arrondissement (``IDEAS``): feasible, not feasible, merged and
    (while the budget is new) some still awaiting review."""
    rng = random.Random(budget.slug)
    places = [place for place, _amount, _population in ENVELOPES]
    projects = []
    for number in range(30):
        place = places[number % len(places)]
        state = number // len(places)  # 0 to 2 feasible, 3 not feasible, 4 merged, 5 pending
        idea = IDEAS[budget.slug][place][state]
        if state == 5 and not with_pending:
            state = 0
        feasible = state in {0, 1, 2, 4}
        official = round(idea.cost * rng.uniform(0.85, 1.3), -3)
        projects.append(
            BudgetProject(
                budget=budget,
                author=authors[(number * 7) % len(authors)],
                title=f"{idea.title} — {arrondissements[place].name}",
                description=idea.description,
                arrondissement=arrondissements[place],
                estimated_cost=idea.cost,
                feasibility=(
                    Feasibility.PENDING
                    if state == 5
                    else Feasibility.FEASIBLE
                    if feasible
                    else Feasibility.UNFEASIBLE
                ),
                official_cost=official if feasible else None,
                department=idea.department if feasible else "",
                review_reason=idea.refusal if state == 3 else "",
                reviewed_by=reviewer if state != 5 else None,
                reviewed_at=budget.vote_start_at - datetime.timedelta(days=10)
                if state != 5
                else None,
                created_at=budget.ideas_start_at + datetime.timedelta(days=number),
            )
        )
    projects = BudgetProject.objects.bulk_create(projects)
    merged = [p for n, p in enumerate(projects) if n // len(places) == 4]
    for project in merged:
        project.merged_into = next(
            p
            for p in projects
            if p.arrondissement_id == project.arrondissement_id
            and p.feasibility == Feasibility.FEASIBLE
            and p not in merged
        )
    BudgetProject.objects.bulk_update(merged, ["merged_into"])
    _supports(projects, authors, rng)
    return [p for p in projects if p.is_on_ballot]


def _supports(projects, residents, rng):
    """What residents supported while the ideas were gathered: a few to a few dozen each
    (never the author), counted on the idea as the recount would."""
    content_type = ContentType.objects.get_for_model(BudgetProject)
    rows = []
    for project in projects:
        others = [r for r in residents if r.pk != project.author_id]
        backers = rng.sample(others, min(len(others), rng.randint(2, 40)))
        rows += [Support(content_type=content_type, object_id=project.pk, user=r) for r in backers]
        project.support_count = len(backers)
    Support.objects.bulk_create(rows, ignore_conflicts=True)
    BudgetProject.objects.bulk_update(projects, ["support_count"])


def _ballots(budget, voters, on_ballot, count):
    """``count`` ballots, each within its envelope's amount; a few changed once."""
    rng = random.Random(budget.slug)
    envelopes = budget.envelopes_by_arrondissement
    by_envelope = {}
    for project in on_ballot:
        by_envelope.setdefault(budget.envelope_for(project.arrondissement).pk, []).append(project)
    ballots, chosen = [], []
    for voter in voters[:count]:
        envelope = envelopes.get(voter.arrondissement.translation_key)
        if envelope is None:
            continue
        left, choice = envelope.amount, []
        candidates = by_envelope.get(envelope.pk, [])
        for project in rng.sample(candidates, k=len(candidates)):
            if project.official_cost <= left and rng.random() < 0.7:
                choice.append(project)
                left -= project.official_cost
        if not choice:
            continue
        ballots.append(
            Ballot(envelope=envelope, voter=voter, arrondissement_id=voter.arrondissement_id)
        )
        chosen.append(choice)
    ballots = Ballot.objects.bulk_create(ballots)
    cast_at = budget.vote_start_at + datetime.timedelta(hours=3)
    versions = BallotVersion.objects.bulk_create(
        [BallotVersion(ballot=ballot, created_at=cast_at) for ballot in ballots]
    )
    BallotChoice.objects.bulk_create(
        [
            BallotChoice(version=version, project=project)
            for version, choice in zip(versions, chosen, strict=True)
            for project in choice
        ]
    )
    for ballot, version in zip(ballots, versions, strict=True):
        ballot.current_version = version
    Ballot.objects.bulk_update(ballots, ["current_version"], batch_size=500)
    return len(ballots)


def seed_budgets(stdout):
    """Idempotent: creates only what is missing (a budget's ideas and ballots with it)."""
    homes = {h.locale.language_code: h for h in HomePage.objects.select_related("locale")}
    if "ar" not in homes:
        return
    arrondissements = {a.slug: a for a in Arrondissement.objects.canonical()}
    index = _index(homes)
    reviewer = get_user_model().objects.filter(email="editor@sale.example").first()
    voters = None
    # The 2026 edition first, as it came first: the index lists the latest budget first.
    for row, ballots, with_pending in ((BUDGETS[1], 260, False), (BUDGETS[0], 320, True)):
        budget = _budget(index, homes, arrondissements, row)
        if budget.projects.exists():
            continue
        voters = voters if voters is not None else _voters(arrondissements)
        authors = voters or list(get_user_model().objects.filter(is_staff=False)[:10])
        if not authors:
            continue
        on_ballot = _ideas(budget, authors, reviewer, arrondissements, with_pending)
        cast = _ballots(budget, voters, on_ballot, ballots)
        if budget.phase in RESULT_PHASES and reviewer is not None:
            # The closed edition's winners are projects of the action plan, followed up there.
            add_winners_to_plan(reviewer, budget)
        if stdout is not None:
            stdout.write(f"Budget {budget.title}: 30 ideas, {cast} ballots")
