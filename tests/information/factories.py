"""Builders of access-to-information tests: departments, the grounds for refusal the migration
seeds, the staff who handle requests, and requests filed the way a resident files them
(``file``, through information/services.py, so each has its number, clock and first step)."""

import factory
from django.contrib.auth.models import Group

from information import services
from information.models import Delivery, Department, RefusalGround
from tests.participation.factories import ResidentFactory, SignatoryFactory, TranslatedTermFactory


class DepartmentFactory(TranslatedTermFactory):
    """A department of the commune (urban planning unless ``slug`` says otherwise)."""

    class Meta:
        model = Department

    slug = "urbanisme"
    name = factory.LazyAttribute(lambda o: {"urbanisme": "قسم التعمير"}.get(o.slug, o.slug))


def refusal_ground(slug="private-life"):
    """A ground the migration seeded from law 31-13, art. 7."""
    return RefusalGround.objects.canonical().get(slug=slug)


class InformationOfficerFactory(ResidentFactory):
    """A member of the Officials group: handles every request (law 31-13's officers)."""

    display_name = "مكلف بالمعلومات"
    is_staff = True

    @factory.post_generation
    def staff_group(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get(name="Officials"))


class DepartmentMemberFactory(ResidentFactory):
    """Staff of a department (``department``), who handle its requests only."""

    display_name = "موظف القسم"
    is_staff = True

    @factory.post_generation
    def department(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get(name="Departments"))
            (extracted or DepartmentFactory()).members.add(self)


def file(requester=None, **fields):
    """A request filed by ``requester`` (a new resident who declared their identity)."""
    values = {
        "subject": "ميزانية الإنارة العمومية 2026",
        "information": "المبالغ المرصودة للإنارة العمومية بمقاطعة تابريكت سنة 2026 وطريقة صرفها.",
        "delivery": Delivery.EMAIL,
        "urgent": False,
        "urgency_reason": "",
    }
    values.update(fields)
    return services.file_request(requester or SignatoryFactory(), **values)
