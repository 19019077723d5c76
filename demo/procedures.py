"""Demonstration procedures for ``seed_demo``: the catalogue of the commune's services in Arabic
and French, twenty kinds of procedure a Moroccan commune handles, at counters in Salé's five
arrondissements, each with how far it is digitalised and the national platform that handles it
where one exists; and votes of the demo residents for the procedures to digitalise first, so the
ranking shows figures.

Every detail (documents, fees, delays, counters) is plausible but unconfirmed: the pages are
marked as demonstration data, and say so to their readers."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from cms.models import HomePage
from participation.models import Arrondissement
from procedures.models import (
    DigitalisationStatus,
    DigitalisationVote,
    ProcedureCategory,
    ProcedureIndexPage,
    ProcedurePage,
)

INDEX = {
    "ar": ("الخدمات والمساطر", "procedures", "مساطر الجماعة: ما الوثائق المطلوبة، كم تكلف، أين تودع، وهل يمكن إنجازها عبر الإنترنت. صوتوا للمساطر التي تريدون رقمنتها أولا."),
    "fr": ("Services et démarches", "demarches", "Les démarches de la commune : les pièces à fournir, le coût, le guichet, et si elles se font en ligne. Votez pour les démarches à numériser d'abord."),
}  # fmt: skip

OPENING_HOURS = {
    "ar": "من الاثنين إلى الجمعة، من 8:30 إلى 16:30",
    "fr": "Du lundi au vendredi, de 8 h 30 à 16 h 30",
}

PLATFORMS = {
    "watiqa": ("Watiqa", "https://www.watiqa.ma/"),
    "rokhas": ("Rokhas", "https://www.rokhas.ma/"),
    "chikaya": ("Chikaya", "https://www.chikaya.ma/"),
    "chafafiya": ("Chafafiya", "https://www.chafafiya.ma/"),
}

PAPER = DigitalisationStatus.PAPER
PARTLY = DigitalisationStatus.PARTLY_ONLINE
ONLINE = DigitalisationStatus.FULLY_ONLINE
PLANNED = DigitalisationStatus.PLANNED
C = ProcedureCategory

# The counters, in Arabic and French (the page names the arrondissement beside them).
OFFICES = {
    "civil_status": ("مكتب الحالة المدنية", "Bureau de l'état civil"),
    "legalisation": ("مكتب تصحيح الإمضاءات", "Bureau de légalisation"),
    "urbanism": ("الشباك الوحيد للتعمير", "Guichet unique de l'urbanisme"),
    "economic": ("مصلحة الأنشطة الاقتصادية", "Service des activités économiques"),
    "public_space": ("مصلحة الملك العمومي", "Service du domaine public"),
    "taxes": ("شباك الوكالة الجماعية للمداخيل", "Guichet de la régie des recettes"),
    "social": ("مصلحة الشؤون الاجتماعية والجمعيات", "Service des affaires sociales et des associations"),
    "reception": ("مكتب الاستقبال والتوجيه", "Bureau d'accueil et d'orientation"),
}  # fmt: skip

# slug (ar page), slug (fr page), category, status, planned for, office, arrondissement,
# platform, votes, (ar: title, summary, eligibility, documents, fees, delay),
# (fr: title, summary, eligibility, documents, fees, delay)
PROCEDURES = [
    (
        "residence-certificate", "certificat-de-residence", C.LEGALISATION, PLANNED, datetime.date(2027, 3, 1),
        "reception", "tabriquet", None, 64,
        ("شهادة السكنى",
         "وثيقة تثبت أن المعني بالأمر يقطن فعلا بالعنوان المصرح به داخل تراب الجماعة، تطلب في ملفات التمدرس والتشغيل والحسابات البنكية.",
         "كل شخص راشد يقطن بتراب جماعة سلا.",
         "<ul><li>البطاقة الوطنية للتعريف الإلكترونية</li><li>عقد الكراء أو شهادة الملكية</li><li>آخر فاتورة للماء أو الكهرباء</li></ul>",
         "مجانا", "48 ساعة بعد البحث الإداري"),
        ("Certificat de résidence",
         "Le document qui atteste que l'intéressé habite bien à l'adresse déclarée sur le territoire de la commune ; demandé pour l'école, l'emploi ou un compte bancaire.",
         "Toute personne majeure résidant à Salé.",
         "<ul><li>La carte nationale d'identité électronique</li><li>Le contrat de bail ou le titre de propriété</li><li>La dernière facture d'eau ou d'électricité</li></ul>",
         "Gratuit", "48 heures après l'enquête administrative"),
    ),
    (
        "birth-certificate-extract", "extrait-acte-de-naissance", C.CIVIL_STATUS, ONLINE, None,
        "civil_status", "bettana", "watiqa", 0,
        ("نسخة موجزة من رسم الولادة",
         "نسخة موجزة من رسم الولادة المسجل بسجلات الحالة المدنية للجماعة، تطلب عبر منصة وثيقة وتصل بالبريد، أو تسحب من الشباك.",
         "صاحب الرسم، أو أصوله وفروعه، أو زوجه، أو وكيله.",
         "<ul><li>مراجع رسم الولادة (الرقم والسنة ومكتب الحالة المدنية)</li><li>البطاقة الوطنية عند السحب من الشباك</li></ul>",
         "مجانا بالشباك؛ رسوم الإرسال عند الطلب عبر الإنترنت", "في الحين بالشباك؛ بضعة أيام بالبريد"),
        ("Extrait d'acte de naissance",
         "L'extrait de l'acte de naissance inscrit aux registres de l'état civil de la commune, commandé sur Watiqa et reçu par la poste, ou retiré au guichet.",
         "Le titulaire de l'acte, ses ascendants et descendants, son conjoint ou son mandataire.",
         "<ul><li>Les références de l'acte (numéro, année, bureau d'état civil)</li><li>La carte nationale pour un retrait au guichet</li></ul>",
         "Gratuit au guichet ; frais d'envoi pour une commande en ligne", "Immédiat au guichet ; quelques jours par la poste"),
    ),
    (
        "signature-legalisation", "legalisation-de-signature", C.LEGALISATION, PAPER, None,
        "legalisation", "bab-lamrissa", None, 48,
        ("تصحيح الإمضاء",
         "المصادقة على صحة إمضاء المواطن على وثيقة (التزام، وكالة، تصريح بالشرف…) بحضوره الشخصي أمام الموظف المختص.",
         "كل شخص يحمل بطاقة وطنية سارية، يحضر شخصيا.",
         "<ul><li>الوثيقة غير موقعة</li><li>البطاقة الوطنية للتعريف الإلكترونية</li></ul>",
         "رسم تنبر حسب نوع الوثيقة", "في الحين"),
        ("Légalisation de signature",
         "L'authentification de la signature d'un citoyen sur un document (engagement, procuration, déclaration sur l'honneur…), en sa présence devant l'agent compétent.",
         "Toute personne munie d'une carte nationale valide, en personne.",
         "<ul><li>Le document, non signé</li><li>La carte nationale d'identité électronique</li></ul>",
         "Droit de timbre selon le document", "Immédiat"),
    ),
    (
        "certified-copy", "copie-conforme", C.LEGALISATION, PLANNED, datetime.date(2027, 6, 1),
        "legalisation", "hssaine", None, 41,
        ("مطابقة نسخة لأصلها",
         "الإشهاد على أن نسخة الوثيقة مطابقة لأصلها، للإدلاء بها في ملفات المباريات والإدارات.",
         "كل شخص يحمل الوثيقة الأصلية.",
         "<ul><li>الوثيقة الأصلية</li><li>النسخ المراد الإشهاد على مطابقتها</li></ul>",
         "2 دراهم عن كل صفحة", "في الحين"),
        ("Copie conforme",
         "L'attestation qu'une copie est conforme à l'original, à joindre aux dossiers de concours et d'administration.",
         "Toute personne munie du document original.",
         "<ul><li>Le document original</li><li>Les copies à certifier</li></ul>",
         "2 MAD par page", "Immédiat"),
    ),
    (
        "life-certificate", "certificat-de-vie", C.CIVIL_STATUS, PAPER, None,
        "civil_status", "layayda", None, 22,
        ("شهادة الحياة",
         "شهادة تثبت أن المعني بالأمر على قيد الحياة، يطلبها صندوق التقاعد أو الأبناك لصرف المعاشات.",
         "المعني بالأمر بحضوره الشخصي.",
         "<ul><li>البطاقة الوطنية للتعريف الإلكترونية</li></ul>",
         "مجانا", "في الحين"),
        ("Certificat de vie",
         "L'attestation que l'intéressé est en vie, demandée par les caisses de retraite ou les banques pour verser une pension.",
         "L'intéressé, en personne.",
         "<ul><li>La carte nationale d'identité électronique</li></ul>",
         "Gratuit", "Immédiat"),
    ),
    (
        "single-status-certificate", "certificat-de-celibat", C.CIVIL_STATUS, PAPER, None,
        "civil_status", "tabriquet", None, 15,
        ("شهادة عدم الزواج",
         "شهادة تثبت أن المعني بالأمر غير متزوج، تطلب في بعض ملفات الزواج والهجرة.",
         "المعني بالأمر أو وكيله.",
         "<ul><li>البطاقة الوطنية للتعريف الإلكترونية</li><li>نسخة موجزة من رسم الولادة</li><li>تصريح بالشرف مصحح الإمضاء</li></ul>",
         "مجانا", "48 ساعة"),
        ("Certificat de célibat",
         "L'attestation que l'intéressé n'est pas marié, demandée dans certains dossiers de mariage et d'émigration.",
         "L'intéressé ou son mandataire.",
         "<ul><li>La carte nationale d'identité électronique</li><li>Un extrait d'acte de naissance</li><li>Une déclaration sur l'honneur légalisée</li></ul>",
         "Gratuit", "48 heures"),
    ),
    (
        "birth-declaration", "declaration-de-naissance", C.CIVIL_STATUS, PARTLY, None,
        "civil_status", "bettana", None, 27,
        ("التصريح بالولادة",
         "تسجيل المولود في سجلات الحالة المدنية داخل أجل ثلاثين يوما من الولادة؛ يمكن حجز الموعد عبر الإنترنت، ويتم التوقيع بالشباك.",
         "الأب أو الأم، أو من له صفة طبقا لقانون الحالة المدنية.",
         "<ul><li>شهادة الولادة المسلمة من المستشفى أو المصحة</li><li>الدفتر العائلي</li><li>البطاقة الوطنية للمصرح</li></ul>",
         "مجانا داخل الأجل القانوني", "في الحين"),
        ("Déclaration de naissance",
         "L'inscription du nouveau-né aux registres de l'état civil, dans les trente jours ; le rendez-vous se prend en ligne, la signature se fait au guichet.",
         "Le père ou la mère, ou toute personne habilitée par la loi sur l'état civil.",
         "<ul><li>L'avis de naissance de l'hôpital ou de la clinique</li><li>Le livret de famille</li><li>La carte nationale du déclarant</li></ul>",
         "Gratuit dans le délai légal", "Immédiat"),
    ),
    (
        "death-declaration", "declaration-de-deces", C.CIVIL_STATUS, PAPER, None,
        "civil_status", "hssaine", None, 9,
        ("التصريح بالوفاة",
         "تسجيل الوفاة في سجلات الحالة المدنية والحصول على رخصة الدفن.",
         "أحد أقارب المتوفى أو من له صفة.",
         "<ul><li>شهادة الوفاة المسلمة من الطبيب</li><li>البطاقة الوطنية للمتوفى والدفتر العائلي</li><li>البطاقة الوطنية للمصرح</li></ul>",
         "مجانا", "في الحين"),
        ("Déclaration de décès",
         "L'inscription du décès aux registres de l'état civil et le permis d'inhumer.",
         "Un proche du défunt ou toute personne habilitée.",
         "<ul><li>Le certificat de décès établi par le médecin</li><li>La carte nationale du défunt et le livret de famille</li><li>La carte nationale du déclarant</li></ul>",
         "Gratuit", "Immédiat"),
    ),
    (
        "building-permit", "permis-de-construire", C.URBANISM, ONLINE, None,
        "urbanism", "tabriquet", "rokhas", 0,
        ("رخصة البناء",
         "الترخيص بتشييد بناية جديدة أو بتوسيعها، يودع ملفه ويتابع عبر منصة رخص، وتدرسه اللجنة المختصة.",
         "مالك العقار أو من يفوضه، بواسطة مهندس معماري.",
         "<ul><li>شهادة الملكية</li><li>التصاميم المعمارية موقعة من المهندس المعماري</li><li>التصاميم التقنية ودراسة الخرسانة</li><li>مذكرة المعلومات التعميرية</li></ul>",
         "رسم على عمليات البناء حسب المساحة المغطاة", "30 يوما في المتوسط"),
        ("Permis de construire",
         "L'autorisation de construire ou d'agrandir un bâtiment, déposée et suivie sur la plateforme Rokhas, étudiée par la commission compétente.",
         "Le propriétaire ou son mandataire, par l'intermédiaire d'un architecte.",
         "<ul><li>Le certificat de propriété</li><li>Les plans signés par l'architecte</li><li>Les plans techniques et l'étude béton</li><li>La note de renseignements urbanistiques</li></ul>",
         "Taxe sur les opérations de construction, selon la surface couverte", "30 jours en moyenne"),
    ),
    (
        "occupancy-permit", "permis-d-habiter", C.URBANISM, PARTLY, None,
        "urbanism", "bettana", "rokhas", 19,
        ("رخصة السكن / شهادة المطابقة",
         "الإذن بسكن بناية أو استعمالها بعد التحقق من مطابقتها للرخصة المسلمة؛ يودع الطلب عبر منصة رخص وتليه معاينة ميدانية.",
         "صاحب رخصة البناء بعد انتهاء الأشغال.",
         "<ul><li>تصريح بانتهاء الأشغال</li><li>شهادة المهندس المعماري بمطابقة الأشغال</li><li>شهادة الربط بالشبكات</li></ul>",
         "مجانا", "بعد المعاينة، 15 يوما في المتوسط"),
        ("Permis d'habiter / certificat de conformité",
         "L'autorisation d'habiter ou d'utiliser un bâtiment, une fois vérifiée sa conformité au permis ; la demande se dépose sur Rokhas, suivie d'une visite sur place.",
         "Le titulaire du permis de construire, à la fin des travaux.",
         "<ul><li>La déclaration d'achèvement des travaux</li><li>L'attestation de conformité de l'architecte</li><li>L'attestation de raccordement aux réseaux</li></ul>",
         "Gratuit", "Après la visite, 15 jours en moyenne"),
    ),
    (
        "repair-permit", "autorisation-de-refection", C.URBANISM, PARTLY, None,
        "urbanism", "layayda", "rokhas", 23,
        ("رخصة الإصلاح",
         "الترخيص بأشغال الإصلاح والترميم التي لا تغير هيكل البناية (تبليط، صباغة الواجهة، تغيير الأبواب…).",
         "مالك البناية أو مكتريها بإذن من المالك.",
         "<ul><li>طلب يصف الأشغال</li><li>شهادة الملكية أو عقد الكراء مع إذن المالك</li><li>صور للواجهة</li></ul>",
         "رسم ثابت حسب طبيعة الأشغال", "أسبوع"),
        ("Autorisation de réfection",
         "L'autorisation de travaux de réparation qui ne touchent pas la structure du bâtiment (carrelage, peinture de façade, portes…).",
         "Le propriétaire, ou le locataire avec l'accord du propriétaire.",
         "<ul><li>Une demande décrivant les travaux</li><li>Le titre de propriété, ou le bail et l'accord du propriétaire</li><li>Des photos de la façade</li></ul>",
         "Taxe forfaitaire selon les travaux", "Une semaine"),
    ),
    (
        "subdivision-permit", "autorisation-de-lotir", C.URBANISM, ONLINE, None,
        "urbanism", "hssaine", "rokhas", 0,
        ("رخصة التجزئة",
         "الترخيص بتقسيم عقار إلى بقع معدة للبناء مع تجهيزها بالطرق والشبكات، يودع ويدرس عبر منصة رخص.",
         "مالك العقار أو المنعش العقاري، بواسطة مهندس معماري ومهندس طبوغرافي.",
         "<ul><li>شهادة الملكية</li><li>تصميم التجزئة والتصاميم الطبوغرافية</li><li>دراسات شبكات الماء والتطهير والكهرباء</li></ul>",
         "رسم على عمليات التجزئة حسب الكلفة", "60 يوما في المتوسط"),
        ("Autorisation de lotir",
         "L'autorisation de diviser un terrain en lots à bâtir équipés de voies et de réseaux, déposée et étudiée sur Rokhas.",
         "Le propriétaire ou le promoteur, avec un architecte et un géomètre.",
         "<ul><li>Le certificat de propriété</li><li>Le plan de lotissement et les plans topographiques</li><li>Les études des réseaux d'eau, d'assainissement et d'électricité</li></ul>",
         "Taxe sur les opérations de lotissement, selon le coût", "60 jours en moyenne"),
    ),
    (
        "business-licence", "autorisation-activite-economique", C.ECONOMIC, PARTLY, None,
        "economic", "bab-lamrissa", "rokhas", 37,
        ("رخصة مزاولة نشاط اقتصادي",
         "الترخيص بفتح محل تجاري أو مهني أو حرفي؛ يودع الطلب عبر منصة رخص، وتتم معاينة المحل من طرف لجنة مختلطة.",
         "التاجر أو الحرفي أو الشركة، مالك المحل أو مكتريه.",
         "<ul><li>البطاقة الوطنية أو النموذج 7 من السجل التجاري</li><li>عقد الكراء أو شهادة الملكية</li><li>رخصة السكن أو شهادة المطابقة للمحل</li></ul>",
         "رسم حسب النشاط", "15 يوما بعد المعاينة"),
        ("Autorisation d'exercer une activité économique",
         "L'autorisation d'ouvrir un local commercial, professionnel ou artisanal ; la demande se dépose sur Rokhas, puis une commission mixte visite le local.",
         "Le commerçant, l'artisan ou la société, propriétaire ou locataire du local.",
         "<ul><li>La carte nationale ou le modèle 7 du registre de commerce</li><li>Le bail ou le titre de propriété</li><li>Le permis d'habiter ou le certificat de conformité du local</li></ul>",
         "Taxe selon l'activité", "15 jours après la visite"),
    ),
    (
        "public-space-occupation", "occupation-domaine-public", C.PUBLIC_SPACE, PLANNED, datetime.date(2027, 1, 1),
        "public_space", "tabriquet", None, 31,
        ("الاحتلال المؤقت للملك العمومي",
         "الترخيص بشغل جزء من الملك العمومي الجماعي مؤقتا: مقهى على الرصيف، ورش بناء، سلع أمام محل.",
         "أصحاب المحلات والمقاولات.",
         "<ul><li>طلب يحدد المساحة والمدة</li><li>تصميم موقعي</li><li>رخصة مزاولة النشاط</li></ul>",
         "إتاوة سنوية حسب المساحة والموقع", "15 يوما"),
        ("Occupation temporaire du domaine public",
         "L'autorisation d'occuper une partie du domaine public communal : terrasse de café, chantier, étal devant une boutique.",
         "Les commerçants et les entreprises.",
         "<ul><li>Une demande précisant la surface et la durée</li><li>Un plan de situation</li><li>L'autorisation d'exercer l'activité</li></ul>",
         "Redevance annuelle selon la surface et l'emplacement", "15 jours"),
    ),
    (
        "utility-connection-certificate", "attestation-raccordement", C.URBANISM, PAPER, None,
        "urbanism", "layayda", None, 33,
        ("شهادة إدارية للربط بشبكة الماء والكهرباء",
         "شهادة تسلمها الجماعة ليتمكن المالك من طلب ربط مسكنه بشبكتي الماء الصالح للشرب والكهرباء.",
         "مالك المسكن أو من يفوضه.",
         "<ul><li>رخصة السكن أو شهادة المطابقة</li><li>شهادة الملكية أو عقد الشراء</li><li>البطاقة الوطنية للتعريف الإلكترونية</li></ul>",
         "مجانا", "72 ساعة"),
        ("Attestation administrative de raccordement à l'eau et à l'électricité",
         "L'attestation de la commune qui permet au propriétaire de demander le raccordement de son logement à l'eau potable et à l'électricité.",
         "Le propriétaire du logement ou son mandataire.",
         "<ul><li>Le permis d'habiter ou le certificat de conformité</li><li>Le titre de propriété ou l'acte d'achat</li><li>La carte nationale d'identité électronique</li></ul>",
         "Gratuit", "72 heures"),
    ),
    (
        "administrative-certificate", "attestation-administrative", C.OTHER, PAPER, None,
        "reception", "hssaine", None, 12,
        ("شهادة إدارية",
         "شهادة تثبت واقعة إدارية تعلمها الجماعة (عدم التوفر على مسكن، عدم مزاولة نشاط…) حين لا توجد وثيقة خاصة بها.",
         "كل مواطن يقطن بتراب الجماعة.",
         "<ul><li>طلب يوضح الغرض من الشهادة</li><li>البطاقة الوطنية للتعريف الإلكترونية</li><li>الوثائق المثبتة للواقعة</li></ul>",
         "مجانا", "بعد البحث الإداري، 72 ساعة"),
        ("Attestation administrative",
         "L'attestation d'un fait administratif connu de la commune (absence de logement, absence d'activité…) quand aucun document propre n'existe.",
         "Tout habitant de la commune.",
         "<ul><li>Une demande expliquant l'objet de l'attestation</li><li>La carte nationale d'identité électronique</li><li>Les pièces qui prouvent le fait</li></ul>",
         "Gratuit", "Après l'enquête administrative, 72 heures"),
    ),
    (
        "association-grants", "subventions-associations", C.SOCIAL, PLANNED, datetime.date(2027, 9, 1),
        "social", "bettana", None, 26,
        ("دعم الجمعيات",
         "طلب منحة جماعية لمشروع جمعية يخدم سكان الجماعة، في إطار طلب مشاريع سنوي وشراكة مع الجماعة.",
         "الجمعيات المؤسسة قانونيا والتي تشتغل بتراب الجماعة.",
         "<ul><li>وصل الإيداع القانوني والنظام الأساسي</li><li>التقرير الأدبي والمالي للسنة الماضية</li><li>بطاقة المشروع وميزانيته</li></ul>",
         "مجانا", "حسب جدول طلب المشاريع"),
        ("Subventions aux associations",
         "La demande de subvention communale pour un projet associatif au service des habitants, dans le cadre d'un appel à projets annuel et d'une convention avec la commune.",
         "Les associations légalement constituées qui agissent sur le territoire de la commune.",
         "<ul><li>Le récépissé de dépôt légal et les statuts</li><li>Les rapports moral et financier de l'an dernier</li><li>La fiche du projet et son budget</li></ul>",
         "Gratuit", "Selon le calendrier de l'appel à projets"),
    ),
    (
        "local-taxes", "taxes-locales", C.TAXES, PLANNED, datetime.date(2027, 4, 1),
        "taxes", "bab-lamrissa", None, 45,
        ("أداء الرسوم المحلية",
         "أداء الرسوم والإتاوات الجماعية: رسم الخدمات الجماعية، الرسم على الأراضي الحضرية غير المبنية، رسم محال بيع المشروبات…",
         "الملزمون بالرسوم المحلية.",
         "<ul><li>الإشعار بالأداء أو مرجع الملف الجبائي</li><li>البطاقة الوطنية للتعريف الإلكترونية</li></ul>",
         "حسب الرسم", "في الحين"),
        ("Paiement des taxes locales",
         "Le paiement des taxes et redevances communales : taxe de services communaux, taxe sur les terrains urbains non bâtis, taxe sur les débits de boissons…",
         "Les redevables des taxes locales.",
         "<ul><li>L'avis d'imposition ou la référence du dossier fiscal</li><li>La carte nationale d'identité électronique</li></ul>",
         "Selon la taxe", "Immédiat"),
    ),
    (
        "complaints", "reclamations", C.OTHER, ONLINE, None,
        "reception", "layayda", "chikaya", 0,
        ("الشكايات",
         "تقديم شكاية أو ملاحظة أو اقتراح إلى الجماعة وتتبع معالجتها، عبر البوابة الوطنية للشكايات.",
         "كل مرتفق، مواطنا كان أو مقاولة.",
         "<ul><li>وصف الشكاية والوثائق المؤيدة لها إن وجدت</li></ul>",
         "مجانا", "جواب داخل 60 يوما"),
        ("Réclamations",
         "Déposer une réclamation, une observation ou une suggestion auprès de la commune et en suivre le traitement, sur le portail national des réclamations.",
         "Tout usager, citoyen ou entreprise.",
         "<ul><li>La description de la réclamation et les pièces qui l'appuient, s'il y en a</li></ul>",
         "Gratuit", "Réponse sous 60 jours"),
    ),
    (
        "access-to-information", "acces-a-l-information", C.OTHER, ONLINE, None,
        "reception", "tabriquet", "chafafiya", 0,
        ("طلب الحصول على المعلومات",
         "طلب معلومات تتوفر عليها الجماعة طبقا للقانون 31.13، عبر بوابة شفافية أو بالشباك.",
         "كل مواطن أو مقيم بصفة قانونية.",
         "<ul><li>طلب يحدد المعلومات المطلوبة</li><li>البطاقة الوطنية للتعريف الإلكترونية</li></ul>",
         "مجانا (إلا كلفة النسخ)", "جواب داخل 20 يوم عمل"),
        ("Demande d'accès à l'information",
         "Demander des informations détenues par la commune selon la loi 31-13, sur le portail Chafafiya ou au guichet.",
         "Tout citoyen ou résident en situation régulière.",
         "<ul><li>Une demande précisant les informations souhaitées</li><li>La carte nationale d'identité électronique</li></ul>",
         "Gratuit (sauf frais de copie)", "Réponse sous 20 jours ouvrables"),
    ),
]  # fmt: skip


def _indexes(homes):
    """The catalogue's index in Arabic and its French translation, created where missing."""
    index = ProcedureIndexPage.objects.child_of(homes["ar"]).first()
    if index is None:
        title, slug, introduction = INDEX["ar"]
        index = ProcedureIndexPage(
            title=title, slug=slug, introduction=introduction, show_in_menus=True
        )
        homes["ar"].add_child(instance=index)
        index.save_revision().publish()
    indexes = {"ar": index}
    translation = index.get_translation_or_none(homes["fr"].locale)
    if translation is None:
        translation = index.copy_for_translation(homes["fr"].locale).specific
        translation.title, translation.slug, translation.introduction = INDEX["fr"]
        translation.save()
        translation.save_revision().publish()
    indexes["fr"] = translation.specific
    return indexes


def _texts(page, texts, language_code):
    title, summary, eligibility, documents, fees, delivery_time = texts
    page.title, page.summary, page.eligibility, page.documents = (
        title,
        summary,
        eligibility,
        documents,
    )
    page.fees, page.delivery_time = fees, delivery_time
    page.opening_hours = OPENING_HOURS[language_code]


def _procedure(indexes, spec, arrondissements):
    """The Arabic procedure of ``spec`` and its French translation, created where missing;
    returns the Arabic one (the original, which votes go to)."""
    slug, french_slug, category, status, planned_for, office, place, platform = spec[:8]
    arabic, french = spec[9], spec[10]
    procedure = ProcedurePage.objects.child_of(indexes["ar"]).filter(slug=slug).first()
    if procedure is None:
        name, url = PLATFORMS[platform] if platform else ("", "")
        procedure = ProcedurePage(
            slug=slug,
            category=category,
            digitalisation_status=status,
            planned_for=planned_for,
            office=OFFICES[office][0],
            arrondissement=arrondissements[place],
            online_platform_name=name,
            online_platform_url=url,
            is_demo_data=True,
        )
        _texts(procedure, arabic, "ar")
        indexes["ar"].add_child(instance=procedure)
        procedure.save_revision().publish()
    if procedure.get_translation_or_none(indexes["fr"].locale) is None:
        translation = procedure.copy_for_translation(indexes["fr"].locale).specific
        _texts(translation, french, "fr")
        translation.slug = french_slug
        translation.office = OFFICES[office][1]
        translation.save()
        translation.save_revision().publish()
    return procedure


def _vote(procedure, residents, count):
    """``count`` demo residents vote for ``procedure``, once: a second run adds none."""
    if count == 0 or DigitalisationVote.objects.filter(procedure=procedure).exists():
        return 0
    DigitalisationVote.objects.bulk_create(
        [DigitalisationVote(procedure=procedure, user=user) for user in residents[:count]],
        ignore_conflicts=True,
    )
    return min(count, len(residents))


def _demo_residents():
    """The demo's residents: the named ones, then the demonstration signatories (made by
    demo/petitions.py), in a fixed order, so each procedure's voters are the same every run."""
    User = get_user_model()
    named = User.objects.filter(email__endswith="@sale.example", is_staff=False).exclude(
        email__startswith="bench-"
    )
    signatories = User.objects.filter(
        email__startswith="signatory-", email__endswith="@demo.sale.example"
    )
    return list(named.order_by("email")) + list(signatories.order_by("email"))


def seed_procedures(stdout):
    """Idempotent: creates only what is missing."""
    homes = {h.locale.language_code: h for h in HomePage.objects.select_related("locale")}
    if not {"ar", "fr"} <= set(homes):
        return
    arrondissements = {a.slug: a for a in Arrondissement.objects.canonical()}
    with transaction.atomic():
        indexes = _indexes(homes)
        residents = _demo_residents()
        created = votes = 0
        for spec in PROCEDURES:
            existed = ProcedurePage.objects.filter(slug=spec[0]).exists()
            procedure = _procedure(indexes, spec, arrondissements)
            created += not existed
            votes += _vote(procedure, residents, spec[8])
    if stdout is not None and (created or votes):
        stdout.write(f"Seeded {created} procedures and {votes} votes to digitalise them.")
