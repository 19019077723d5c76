"""Morocco's public holidays for 2025-2027, the days law 31-13's periods skip besides weekends.

The civil holidays fall on fixed dates. The religious ones follow the Hijri calendar and the
sighting of the moon: their dates here are the expected ones, left unconfirmed for staff to
correct and confirm in the admin when announced (Eid al-Fitr and Eid al-Adha two days each,
the Prophet's birthday two days, the Hijri new year one day). 31 October, the Unity Day
(عيد الوحدة), is a holiday from 2026.
"""

import datetime

from django.db import migrations

CIVIL = [
    (1, 1, "رأس السنة الميلادية"),
    (1, 11, "ذكرى تقديم وثيقة المطالبة بالاستقلال"),
    (1, 14, "رأس السنة الأمازيغية"),
    (5, 1, "عيد الشغل"),
    (7, 30, "عيد العرش"),
    (8, 14, "ذكرى استرجاع إقليم وادي الذهب"),
    (8, 20, "ذكرى ثورة الملك والشعب"),
    (8, 21, "عيد الشباب"),
    (11, 6, "ذكرى المسيرة الخضراء"),
    (11, 18, "عيد الاستقلال"),
]
UNITY_DAY = (10, 31, "عيد الوحدة")

FITR, ADHA, HIJRI_NEW_YEAR, MAWLID = (
    "عيد الفطر",
    "عيد الأضحى",
    "فاتح محرم (رأس السنة الهجرية)",
    "عيد المولد النبوي",
)
RELIGIOUS = {
    2025: [("03-31", FITR), ("04-01", FITR), ("06-07", ADHA), ("06-08", ADHA),
           ("06-27", HIJRI_NEW_YEAR), ("09-05", MAWLID), ("09-06", MAWLID)],
    2026: [("03-20", FITR), ("03-21", FITR), ("05-27", ADHA), ("05-28", ADHA),
           ("06-16", HIJRI_NEW_YEAR), ("08-25", MAWLID), ("08-26", MAWLID)],
    2027: [("03-10", FITR), ("03-11", FITR), ("05-17", ADHA), ("05-18", ADHA),
           ("06-06", HIJRI_NEW_YEAR), ("08-15", MAWLID), ("08-16", MAWLID)],
}


def seed(apps, schema_editor):
    PublicHoliday = apps.get_model("information", "PublicHoliday")
    rows = []
    for year in (2025, 2026, 2027):
        civil = CIVIL + ([UNITY_DAY] if year >= 2026 else [])
        rows += [
            PublicHoliday(day=datetime.date(year, month, day), name=name, kind="civil")
            for month, day, name in civil
        ]
        rows += [
            PublicHoliday(
                day=datetime.date.fromisoformat(f"{year}-{day}"),
                name=name,
                kind="religious",
                confirmed=False,
            )
            for day, name in RELIGIOUS[year]
        ]
    PublicHoliday.objects.bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("information", "0001_public_holidays")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
