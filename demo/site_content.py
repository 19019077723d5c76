"""Text of the demonstration pages that ``seed_demo`` publishes, in each language.

Kept apart from the command so editors and translators can read it as content. Each entry maps a
language code to the page's fields; Arabic is the source language.
"""

HOME = {
    "ar": {
        "title": "شارك: منصة المشاركة المواطنة لجماعة سلا",
        "introduction": (
            "اقترحوا مشاريع لمدينتكم، ادعموا مقترحات جيرانكم، قدّموا عرائض إلى المجلس الجماعي، "
            "وتابعوا وقيّموا مشاريع برنامج عمل الجماعة 2022-2027."
        ),
        "body": [
            ("heading", "كيف تعمل المنصة؟"),
            (
                "paragraph",
                "<p>أنشئوا حسابًا بعنوان بريدكم الإلكتروني وأكّدوه، ثم شاركوا بالاقتراح والدعم "
                "والتعليق والمتابعة. يجيب المجلس علنًا عن كل مساهمة.</p>",
            ),
            (
                "question_answer",
                (
                    "من يمكنه المشاركة؟",
                    "<p>كل من يسكن بجماعة سلا أو يمارس بها نشاطًا، وكذلك الجمعيات.</p>",
                ),
            ),
        ],
    },
    "fr": {
        "title": "Sharik : la plateforme de participation citoyenne de la commune de Salé",
        "introduction": (
            "Proposez des projets pour votre ville, soutenez les idées de vos voisins, adressez des "
            "pétitions au conseil communal, suivez et évaluez le programme d'action 2022-2027."
        ),
        "body": [
            ("heading", "Comment ça marche ?"),
            (
                "paragraph",
                "<p>Créez un compte avec votre adresse électronique et confirmez-la, puis "
                "proposez, soutenez, commentez et suivez. Le conseil répond publiquement à "
                "chaque contribution.</p>",
            ),
            (
                "question_answer",
                (
                    "Qui peut participer ?",
                    "<p>Toute personne qui habite la commune de Salé ou y exerce une "
                    "activité, ainsi que les associations.</p>",
                ),
            ),
        ],
    },
    "en": {
        "title": "Sharik: the citizen participation platform of the commune of Salé",
        "introduction": (
            "Suggest projects for your city, support your neighbours' ideas, petition the communal "
            "council, follow and evaluate the action plan 2022-2027."
        ),
        "body": [
            ("heading", "How does it work?"),
            (
                "paragraph",
                "<p>Create an account with your email address and confirm it, then suggest, "
                "support, comment and follow. The council answers every contribution in "
                "public.</p>",
            ),
            (
                "question_answer",
                (
                    "Who can take part?",
                    "<p>Anyone who lives or works in the commune of Salé, and associations.</p>",
                ),
            ),
        ],
    },
}

ABOUT = {
    "ar": {
        "slug": "about",
        "title": "عن شارك",
        "introduction": "شارك منصة عمومية للديمقراطية التشاركية تضعها جماعة سلا رهن إشارة ساكنتها وجمعياتها.",
        "body": [
            (
                "paragraph",
                "<p>تطبّق المنصة آليات الحوار والتشاور المنصوص عليها في القانون التنظيمي "
                "113.14 المتعلق بالجماعات، وحق تقديم العرائض المنصوص عليه في الفصل 139 من "
                "الدستور.</p>",
            ),
        ],
    },
    "fr": {
        "slug": "a-propos",
        "title": "À propos de Sharik",
        "introduction": "Sharik est la plateforme publique de démocratie participative que la commune de Salé met à la disposition de ses habitants et de ses associations.",
        "body": [
            (
                "paragraph",
                "<p>Elle met en œuvre les mécanismes de dialogue et de concertation prévus "
                "par la loi organique 113-14 relative aux communes et le droit de pétition "
                "reconnu par l'article 139 de la Constitution.</p>",
            ),
        ],
    },
    "en": {
        "slug": "about",
        "title": "About Sharik",
        "introduction": "Sharik is the public participatory-democracy platform the commune of Salé offers its residents and associations.",
        "body": [
            (
                "paragraph",
                "<p>It puts into practice the dialogue and consultation mechanisms of organic "
                "law 113-14 on communes and the right of petition of article 139 of the "
                "Constitution.</p>",
            ),
        ],
    },
}

PRIVACY = {
    "ar": {
        "slug": "privacy",
        "title": "سياسة حماية المعطيات الشخصية",
        "introduction": "كيف تعالج جماعة سلا معطياتكم الشخصية على منصة شارك، طبقًا للقانون 09.08.",
        "body": [
            ("heading", "المعطيات التي نجمعها ولماذا"),
            (
                "paragraph",
                "<p>عنوان البريد الإلكتروني (لتسجيل الدخول وإشعاركم)، الاسم المعروض (يظهر بجانب "
                "مساهماتكم)، المقاطعة واللغة المفضلة (اختيارية). لا نستعمل أي خدمة خارجية "
                "للتحليل أو الإشهار، ولا ننقل معطياتكم خارج المغرب.</p>",
            ),
            ("heading", "حقوقكم"),
            (
                "paragraph",
                "<p>لكم حق الولوج إلى معطياتكم وتصحيحها والتعرض على معالجتها. راسلوا مسؤول "
                "المعطيات بالجماعة عبر عنوان الاتصال أسفل الصفحة.</p>",
            ),
        ],
    },
    "fr": {
        "slug": "confidentialite",
        "title": "Politique de protection des données personnelles",
        "introduction": "Comment la commune de Salé traite vos données personnelles sur Sharik, conformément à la loi 09-08.",
        "body": [
            ("heading", "Les données collectées et pourquoi"),
            (
                "paragraph",
                "<p>Votre adresse électronique (pour vous connecter et vous notifier), votre nom "
                "d'affichage (montré à côté de vos contributions), votre arrondissement et "
                "votre langue préférée (facultatifs). Aucun service tiers d'analyse ou de "
                "publicité n'est utilisé ; vos données ne quittent pas le Maroc.</p>",
            ),
            ("heading", "Vos droits"),
            (
                "paragraph",
                "<p>Vous disposez d'un droit d'accès, de rectification et d'opposition. "
                "Écrivez au responsable des données de la commune à l'adresse de contact en "
                "bas de page.</p>",
            ),
        ],
    },
    "en": {
        "slug": "privacy",
        "title": "Privacy notice",
        "introduction": "How the commune of Salé processes your personal data on Sharik, under law 09-08.",
        "body": [
            ("heading", "What we collect and why"),
            (
                "paragraph",
                "<p>Your email address (to log in and notify you), your display name (shown "
                "next to your contributions), your arrondissement and preferred language "
                "(optional). No third-party analytics or advertising service is used; your "
                "data stays in Morocco.</p>",
            ),
            ("heading", "Your rights"),
            (
                "paragraph",
                "<p>You have the right to access, correct and object to the processing of your "
                "data. Write to the commune's data officer at the contact address below.</p>",
            ),
        ],
    },
}

LEGAL_NOTICE = {
    "ar": {
        "slug": "legal-notice",
        "title": "إشعار قانوني",
        "introduction": "ناشر المنصة: جماعة سلا، المملكة المغربية.",
        "body": [
            (
                "paragraph",
                "<p>مدير النشر: رئيس المجلس الجماعي لسلا. الاستضافة: خوادم الجماعة. "
                "المحتوى الذي ينشره المستخدمون يخضع لميثاق المشاركة ويمكن للمشرفين إخفاؤه "
                "مع بيان السبب.</p>",
            ),
        ],
    },
    "fr": {
        "slug": "mentions-legales",
        "title": "Mentions légales",
        "introduction": "Éditeur de la plateforme : commune de Salé, Royaume du Maroc.",
        "body": [
            (
                "paragraph",
                "<p>Directeur de la publication : le président du conseil communal de Salé. "
                "Hébergement : serveurs de la commune. Les contenus publiés par les "
                "utilisateurs sont soumis à la charte de participation ; les modérateurs "
                "peuvent les masquer en indiquant le motif.</p>",
            ),
        ],
    },
    "en": {
        "slug": "legal-notice",
        "title": "Legal notice",
        "introduction": "Publisher of the platform: the commune of Salé, Kingdom of Morocco.",
        "body": [
            (
                "paragraph",
                "<p>Director of publication: the president of the communal council of Salé. "
                "Hosting: the commune's servers. Content published by users is subject to "
                "the participation charter; moderators may hide it, stating the reason.</p>",
            ),
        ],
    },
}

STAFF_ACCOUNTS = [
    # email, display name, the group of its role (sharik/roles.py; None: the operator's
    # superuser, which passes every check)
    ("admin@sale.example", "مدير المنصة", None),
    ("editor@sale.example", "محررة المحتوى", "Editors"),
    ("moderator@sale.example", "مشرف النقاش", "Moderators"),
    # The council's bureau answers and decides (proposals, petitions, budgets, investors).
    ("official@sale.example", "مكتب المجلس", "Officials"),
    ("information@sale.example", "المكلف بالحق في الحصول على المعلومات", "Officials"),
    ("urbanisme@sale.example", "قسم التعمير", "Departments"),
    ("accounts@sale.example", "مسؤول الحسابات والأدوار", "Administrators"),
    # Serves residents at the Tabriquet arrondissement office (counters/: DEMO_COUNTER below).
    ("counter.tabriquet@sale.example", "شباك مقاطعة تابريكت", "Counter agents"),
]
# Where each demo counter agent serves residents.
DEMO_COUNTERS = {"counter.tabriquet@sale.example": "tabriquet"}

RESIDENTS = [
    # email, display name, arrondissement slug, preferred language, year of birth (the budget's
    # vote asks for it)
    ("fatima.zahra@sale.example", "فاطمة الزهراء", "bettana", "ar", 1984),
    ("youssef@sale.example", "يوسف", "tabriquet", "ar", 2001),
    ("khadija@sale.example", "Khadija", "bab-lamrissa", "fr", 1976),
    ("hamza@sale.example", "Hamza", "layayda", "fr", 1995),
]

# The demo discussion under "About": (author, comment, [(author, reply, official answer?)]).
DISCUSSION = {
    "ar": [
        (
            "fatima.zahra@sale.example",
            "فكرة جميلة! هل يمكن أن نقترح عبر المنصة تهيئة الحديقة القريبة من سوق بطانة؟",
            [
                (
                    "official@sale.example",
                    "نعم، سيفتح قسم المقترحات قريبًا. يمكنكم حينها اقتراح المشروع ودعمه، وسيجيب المجلس علنًا.",
                    True,
                )
            ],
        ),
        (
            "youssef@sale.example",
            "أتمنى أن تُنشر أيضًا مواعيد دورات المجلس الجماعي ومحاضرها هنا.",
            [],
        ),
    ],
    "fr": [
        (
            "khadija@sale.example",
            "Très bonne initiative. Les associations de quartier pourront-elles déposer des pétitions "
            "en ligne ?",
            [
                (
                    "official@sale.example",
                    "Oui : le dépôt des pétitions selon la loi organique 113-14 arrive sur Sharik, avec une "
                    "vérification des conditions avant le dépôt.",
                    True,
                )
            ],
        ),
    ],
}
