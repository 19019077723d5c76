"""The periods of law 31-13 on the right of access to information, each named once, citing its
article (docs/legal.md, "Law 31-13"). Periods in working days are counted by
information/workdays.py; the requester's time to complain and the head's time to answer are the
ones the platform shows the requester with their dates.

Articles as docs/legal.md gives them; figures marked (verify) there come from secondary sources.
"""

import datetime
from dataclasses import dataclass

# Art. 16: the body answers within 20 working days of receiving the request; it may extend
# this once by as long, telling the requester why before the first period ends.
ANSWER_WORKING_DAYS = 20
EXTENSION_WORKING_DAYS = 20

# Art. 17: when the information is needed urgently to protect the life, safety or freedom of
# persons, the answer is due within 3 working days, extendable once by 3.
URGENT_ANSWER_WORKING_DAYS = 3
URGENT_EXTENSION_WORKING_DAYS = 3

# Art. 19: after a refusal, or when no answer came in time, the requester may complain to the
# head of the body within 20 working days (verify), who answers within 15 working days (verify).
COMPLAINT_WORKING_DAYS = 20
HEAD_ANSWER_WORKING_DAYS = 15

# Art. 20: then to the Commission du droit d'accès à l'information (CDAI), within 30 days of the
# head's answer or of the end of the head's period (calendar days).
CDAI_COMPLAINT_DAYS = 30


@dataclass(frozen=True)
class AnswerClock:
    """When a request's answer is due.

    ``received_on``: the day the commune received it; ``urgent``: accepted as urgent (art. 17);
    ``extended``: the one extension was taken (art. 16, 17); ``waits``: the periods, as pairs of
    dates ``(asked, answered)``, when the commune waited for the requester to clarify their
    request (``answered`` None while it still waits): the clock stands still meanwhile.
    """

    received_on: datetime.date
    urgent: bool = False
    extended: bool = False
    waits: tuple = ()

    @property
    def period(self):
        return URGENT_ANSWER_WORKING_DAYS if self.urgent else ANSWER_WORKING_DAYS

    @property
    def extension(self):
        return URGENT_EXTENSION_WORKING_DAYS if self.urgent else EXTENSION_WORKING_DAYS

    def first_period_ends(self, working_days):
        """The last day of the first period (None while the commune waits for the requester)."""
        return working_days.after(self.received_on, self.period, self.waits)

    def due(self, working_days):
        """The last day to answer (None while the commune waits for the requester)."""
        days = self.period + (self.extension if self.extended else 0)
        return working_days.after(self.received_on, days, self.waits)

    def may_extend(self, on, working_days):
        """Whether the extension may still be taken on ``on``: once, and before the first period
        ends (on its last day at the latest)."""
        if self.extended:
            return False
        ends = self.first_period_ends(working_days)
        return ends is not None and on <= ends


def complaint_deadline(refused_or_due_on, working_days):
    """The last day to complain to the head of the body, after a refusal on this day or a
    deadline that passed on it (art. 19)."""
    return working_days.after(refused_or_due_on, COMPLAINT_WORKING_DAYS)


def head_answer_due(complained_on, working_days):
    """The last day for the head of the body to answer a complaint (art. 19)."""
    return working_days.after(complained_on, HEAD_ANSWER_WORKING_DAYS)


def cdai_deadline(head_answered_or_due_on):
    """The last day to bring the matter to the CDAI (art. 20): 30 days after the head's answer,
    or after the end of the head's period when they did not answer."""
    return head_answered_or_due_on + datetime.timedelta(days=CDAI_COMPLAINT_DAYS)


def working_days_left(due_on, today, working_days):
    """Working days after today up to ``due_on``: 0 on the last day; negative when overdue,
    minus the working days since ``due_on``."""
    if today <= due_on:
        return working_days.between(today, due_on)
    return -working_days.between(due_on, today)


# Art. 7: the exceptions on which a body may refuse information, seeded as the list staff edit
# (information/models.py ``RefusalGround``): slug, Arabic, French, English, article. The wording
# is the platform's summary of the article (verify against the Bulletin officiel).
REFUSAL_GROUNDS = [
    (
        "national-defence",
        "الدفاع الوطني وحماية أمن الدولة الداخلي والخارجي",
        "Défense nationale et sûreté intérieure et extérieure de l'État",
        "National defence and the internal and external security of the State",
        "31-13, art. 7",
    ),
    (
        "private-life",
        "الحياة الخاصة للأفراد",
        "Vie privée des personnes",
        "The private life of individuals",
        "31-13, art. 7",
    ),
    (
        "personal-data",
        "المعطيات ذات الطابع الشخصي",
        "Données à caractère personnel",
        "Personal data",
        "31-13, art. 7",
    ),
    (
        "fundamental-rights",
        "الحريات والحقوق الأساسية المنصوص عليها في الدستور",
        "Libertés et droits fondamentaux garantis par la Constitution",
        "Fundamental rights and freedoms guaranteed by the Constitution",
        "31-13, art. 7",
    ),
    (
        "protected-sources",
        "حماية مصادر المعلومات",
        "Protection des sources d'information",
        "Protection of the sources of information",
        "31-13, art. 7",
    ),
    (
        "foreign-relations",
        "العلاقات مع دولة أخرى أو منظمة دولية",
        "Relations avec un autre État ou une organisation internationale",
        "Relations with another State or an international organisation",
        "31-13, art. 7",
    ),
    (
        "economic-policy",
        "السياسة النقدية أو الاقتصادية أو المالية للدولة",
        "Politique monétaire, économique ou financière de l'État",
        "The monetary, economic or financial policy of the State",
        "31-13, art. 7",
    ),
    (
        "intellectual-property",
        "حقوق الملكية الصناعية أو حقوق المؤلف والحقوق المجاورة",
        "Propriété industrielle, droits d'auteur et droits voisins",
        "Industrial property, copyright and related rights",
        "31-13, art. 7",
    ),
    (
        "judicial-proceedings",
        "سير المساطر القضائية والأبحاث والتحريات الإدارية",
        "Procédures judiciaires en cours, enquêtes et investigations administratives",
        "Judicial proceedings under way, administrative inquiries and investigations",
        "31-13, art. 7",
    ),
    (
        "deliberations-secrecy",
        "سرية مداولات المجلس الوزاري ومجلس الحكومة",
        "Secret des délibérations du Conseil des ministres et du Conseil de gouvernement",
        "Secrecy of the deliberations of the Council of Ministers and of the Government",
        "31-13, art. 7",
    ),
    (
        "already-published",
        "المعلومات منشورة ومتاحة للعموم",
        "Information déjà publiée et accessible au public",
        "The information is already published and available to the public",
        "31-13, art. 18",
    ),
]
