"""The action plan: progress updates keep the history and tell followers, residents evaluate
once and may change their mind, the dashboards add up, pages keep their queries with 200
projects, ideas are linked to projects, open data carries no personal data."""

import csv
import io
import json
import re
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from participation.models import Arrondissement, AuditLogEntry, Notification
from participation.services import follow
from plan import services
from plan.figures import evaluation_summary, plan_figures, plan_projects
from plan.models import (
    ProjectEvaluation,
    ProjectProgress,
    ProjectUpdate,
    ProjectUpdateAttachment,
)
from proposals.models import Proposal
from tests.cms.factories import SiteLinksFactory
from tests.factories import (
    ResidentFactory,
    UnverifiedResidentFactory,
    in_arabic,
    log_in,
    make_axis,
    make_document,
    make_editor,
    make_image,
    make_project,
)
from tests.plan.factories import action_plan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

SCORES = {"usefulness": 5, "quality": 4, "progress": 3, "communication": 2}


def plan():
    """The Arabic plan (created under the Arabic home page if no test made it yet)."""
    return action_plan()


# --- Pages ---------------------------------------------------------------------------------------


def test_the_plan_years_read_left_to_right_in_arabic(client):
    """An en dash (U+2013) is a neutral character: between two numbers on a right-to-left page,
    the years showed last year first unless isolated left to right."""
    page = plan()
    html = client.get(page.url).content.decode()
    assert f'<bdi dir="ltr">{page.first_year}\u2013{page.last_year}</bdi>' in html


def test_project_page_renders_its_blocks_and_standing(client):
    axis = make_axis()
    project = make_project(
        axis,
        title="إنارة الحي",
        body=[
            {"type": "heading", "value": {"text": "ما الذي سيتغير", "level": "h2"}},
            {"type": "paragraph", "value": "<p>مصابيح جديدة</p>"},
            {"type": "question_answer", "value": {"question": "متى؟", "answer": "<p>قريبا</p>"}},
            {
                "type": "video",
                "value": {"title": "فيديو المشروع", "link": "https://video.example/1"},
            },
        ],
        latitude=Decimal("34.04"),
        longitude=Decimal("-6.80"),
    )
    page = client.get(project.url).content.decode()
    for text in ("إنارة الحي", "ما الذي سيتغير", "مصابيح جديدة", "متى؟", "https://video.example/1"):
        assert text in page
    assert "<iframe" not in page  # no player of a video site is embedded
    assert "data-marker" in page  # the project's place on a map
    assert client.get(axis.url).status_code == 200
    assert "إنارة الحي" in client.get(axis.url).content.decode()


# --- Progress updates ----------------------------------------------------------------------------


def test_updates_change_the_standing_and_keep_the_history(django_capture_on_commit_callbacks):
    project = make_project(make_axis(), budget_planned=2_000_000)
    staff = make_editor()
    with django_capture_on_commit_callbacks(execute=True):
        services.post_update(
            staff,
            project,
            date(2026, 1, 10),
            "بداية الأشغال",
            status="in_progress",
            percent=20,
            budget_committed=Decimal(1_500_000),
        )
        services.post_update(
            staff, project, date(2026, 5, 10), "تقدم", percent=60, budget_spent=Decimal(800_000)
        )
        # An update dated earlier (entered late) does not move "last update" back.
        services.post_update(staff, project, date(2026, 3, 1), "ملاحظة", percent=60)
    standing = ProjectProgress.objects.get(project=project)
    assert (standing.status, standing.percent) == ("in_progress", 60)
    assert standing.budget_committed == Decimal(1_500_000)
    assert standing.budget_spent == Decimal(800_000)
    assert standing.updated_on == date(2026, 5, 10)
    history = list(ProjectUpdate.objects.filter(project=project).order_by("date"))
    assert history[0].changes == {
        "status": ["planned", "in_progress"],
        "percent": [0, 20],
        "budget_committed": ["0.00", "1500000.00"],
    }
    assert history[1].changes == {}  # the late note (dated March) changed nothing
    assert history[2].changes == {"percent": [20, 60], "budget_spent": ["0.00", "800000.00"]}
    assert AuditLogEntry.objects.filter(actor=staff, action="plan.post_update").count() == 3


def test_the_history_is_shown_to_residents(client):
    project = make_project(make_axis())
    services.post_update(make_editor(), project, date(2026, 2, 1), "انطلاق", status="delayed")
    page = client.get(project.url).content.decode()
    assert "انطلاق" in page
    assert in_arabic("Delayed") in page and in_arabic("Planned") in page


def test_a_bad_progress_is_refused():
    project = make_project(make_axis())
    with pytest.raises(services.PlanError):
        services.post_update(make_editor(), project, date(2026, 1, 1), "x", percent=120)
    assert not ProjectUpdate.objects.filter(project=project).exists()


def test_followers_are_told_of_each_update_once_in_their_language(
    django_capture_on_commit_callbacks,
):
    project = make_project(make_axis())
    staff = make_editor()
    french = ResidentFactory(preferred_language="fr")
    arabic_reader = ResidentFactory()
    for user in (french, arabic_reader, staff):
        follow(user, project)
    with django_capture_on_commit_callbacks(execute=True):
        services.post_update(staff, project, date(2026, 1, 1), "جديد", percent=10)
    assert Notification.objects.filter(recipient=french).count() == 1
    with translation.override("fr"):
        in_french = translation.gettext("Action plan: news of the project “%(title)s”") % {
            "title": project.title
        }
    assert Notification.objects.get(recipient=french).message == in_french
    assert Notification.objects.filter(recipient=arabic_reader).count() == 1
    assert Notification.objects.get(recipient=arabic_reader).url.endswith("#updates")
    assert not Notification.objects.filter(recipient=staff).exists()  # not the author


def attachment_forms(*attachments):
    """POST data of the admin's "Photos and documents" inline panel."""
    data = {
        "attachments-TOTAL_FORMS": str(len(attachments)),
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
    }
    for number, (image, document, description) in enumerate(attachments):
        prefix = f"attachments-{number}-"
        data.update(
            {
                prefix + "image": image.pk if image else "",
                prefix + "document": document.pk if document else "",
                prefix + "description": description,
                prefix + "ORDER": str(number + 1),
                prefix + "DELETE": "",
                prefix + "id": "",
            }
        )
    return data


def test_editors_post_updates_with_photos_and_documents_in_the_admin(client):
    project = make_project(make_axis())
    staff = make_editor()
    log_in(client, staff)
    photo, second_photo, minutes = make_image(), make_image("الورش"), make_document()
    fields = {
        "project": project.pk,
        "date": "2026-04-01",
        "text": "وصول المعدات",
        "status": "in_progress",
        "percent": "35",
        "budget_planned": "",
        "budget_committed": "",
        "budget_spent": "",
    }
    # A photo without its description is refused, and nothing is posted.
    refused = client.post(
        reverse("plan_updates:add"), {**fields, **attachment_forms((photo, None, ""))}
    )
    assert refused.status_code == 200
    assert not ProjectUpdate.objects.filter(project=project).exists()
    response = client.post(
        reverse("plan_updates:add"),
        {
            **fields,
            **attachment_forms(
                (photo, None, "الآليات في الورش"),
                (second_photo, None, "العمال"),
                (None, minutes, "محضر الاستلام"),
            ),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    update = ProjectUpdate.objects.get(project=project)
    assert update.changes["percent"] == [0, 35] and update.author == staff
    assert ProjectProgress.objects.get(project=project).percent == 35
    assert [a.description for a in update.attachments.all()] == [
        "الآليات في الورش",
        "العمال",
        "محضر الاستلام",
    ]
    page = client.get(project.url).content.decode()
    assert 'alt="الآليات في الورش"' in page and 'alt="العمال"' in page
    assert minutes.url in page
    # A correction changes the words and attachments, never the figures already posted.
    edit_form = client.get(reverse("plan_updates:edit", args=[update.pk])).content.decode()
    assert 'name="text"' in edit_form and 'name="percent"' not in edit_form


# --- Evaluations ---------------------------------------------------------------------------------


def test_one_evaluation_per_resident_changeable():
    project = make_project(make_axis())
    resident = ResidentFactory()
    first, created = services.evaluate(resident, project, SCORES, " مفيد ")
    assert created and first.comment == "مفيد"
    second, created = services.evaluate(resident, project, {**SCORES, "quality": 1})
    assert not created and second.pk == first.pk
    assert ProjectEvaluation.objects.filter(project=project).count() == 1
    assert ProjectEvaluation.objects.get(project=project).quality == 1
    with pytest.raises(services.PlanError):
        services.evaluate(resident, project, {**SCORES, "usefulness": 6})


def test_evaluations_add_up_per_criterion_and_arrondissement():
    project = make_project(make_axis())
    first, second = list(Arrondissement.objects.canonical()[:2])
    for arrondissement, scores in (
        (first, {"usefulness": 5, "quality": 4, "progress": 3, "communication": 2}),
        (first, {"usefulness": 3, "quality": 4, "progress": 1, "communication": 2}),
        (second, {"usefulness": 1, "quality": 1, "progress": 5, "communication": 5}),
    ):
        services.evaluate(ResidentFactory(arrondissement=arrondissement), project, scores)
    summary = evaluation_summary(project, "en")
    assert summary.count == 3
    assert [(c.value, average, count) for c, average, count in summary.criteria] == [
        ("usefulness", 3.0, 3),
        ("quality", 3.0, 3),
        ("progress", 3.0, 3),
        ("communication", 3.0, 3),
    ]
    by_name = {name: (count, averages) for name, count, averages in summary.by_arrondissement}
    first_name = Arrondissement.objects.names_in("en")[first.translation_key]
    assert by_name[first_name] == (
        2,
        {"usefulness": 4.0, "quality": 4.0, "progress": 2.0, "communication": 2.0},
    )


def test_evaluating_through_the_page(client):
    project = make_project(make_axis())
    url = reverse("plan:evaluate", args=[project.pk])
    assert client.post(url, SCORES).status_code == 302  # to the login page
    log_in(client, UnverifiedResidentFactory())
    assert client.post(url, SCORES).status_code == 403
    client.logout()
    resident = ResidentFactory()
    log_in(client, resident)
    # A missing score: nothing recorded, the page says why and keeps the other choices.
    client.post(url, {**SCORES, "communication": "", "comment": "الإنارة ضعيفة"})
    assert not ProjectEvaluation.objects.filter(project=project).exists()
    page = client.get(project.url).content.decode()
    assert in_arabic("Give a score from 1 to 5.") in page
    assert "الإنارة ضعيفة" in page
    client.post(url, {**SCORES, "comment": "الإنارة ضعيفة"})
    client.post(url, {**SCORES, "usefulness": "2"})
    evaluation = ProjectEvaluation.objects.get(project=project)
    assert evaluation.usefulness == 2 and evaluation.resident == resident
    # The comment goes to the council's team only.
    client.logout()
    assert "الإنارة ضعيفة" not in client.get(project.url).content.decode()


# --- Dashboards ----------------------------------------------------------------------------------


def test_a_whole_share_of_the_budget_spent_shows_no_decimal(client):
    """40 % spent reads "40%", not "40,0%"; 37.5 keeps its decimal (a comma in Arabic)."""
    shown = {}
    for n, spent in enumerate((400_000, 375_000)):
        axis = make_axis(slug=f"spent-{n}")
        project = make_project(axis, budget_planned=1_000_000)
        services.post_update(
            make_editor(), project, date(2026, 1, 1), "x", percent=40, budget_spent=Decimal(spent)
        )
        html = client.get(axis.url).content.decode()
        shown[spent] = re.findall(r"<strong>([^<]*)%</strong>", html)
    assert shown == {400_000: ["40", "40"], 375_000: ["40", "37,5"]}


def test_dashboard_numbers_on_known_data():
    axis = make_axis()
    first, second = list(Arrondissement.objects.canonical()[:2])
    a = make_project(axis, budget_planned=1_000_000, arrondissements=[first])
    b = make_project(axis, budget_planned=3_000_000, arrondissements=[first, second])
    make_project(axis, budget_planned=0)  # the whole commune, never updated
    staff = make_editor()
    services.post_update(
        staff,
        a,
        date(2026, 1, 1),
        "x",
        percent=100,
        status="completed",
        budget_spent=Decimal(900_000),
    )
    services.post_update(
        staff, b, date(2026, 1, 1), "y", percent=50, status="delayed", budget_spent=Decimal(600_000)
    )
    projects, _axes = plan_projects(plan())
    mine = [project for project in projects if project.axis.pk == axis.pk]
    figures = plan_figures(mine, [axis], "en")
    total = figures["total"]
    assert total.projects == 3
    assert total.planned == Decimal(4_000_000)
    assert total.spent == Decimal(1_500_000)
    assert total.execution == 37.5
    assert total.average_progress == 50  # (100 + 50 + 0) / 3
    assert dict((status.value, count) for status, count in figures["statuses"]) == {
        "planned": 1,
        "in_progress": 0,
        "delayed": 1,
        "completed": 1,
        "cancelled": 0,
    }
    by_arrondissement = dict(figures["arrondissements"])
    names = Arrondissement.objects.names_in("en")
    first_figures = by_arrondissement[names[first.translation_key]]
    assert (first_figures.projects, first_figures.spent) == (2, Decimal(1_500_000))
    second_figures = by_arrondissement[names[second.translation_key]]
    assert (second_figures.projects, second_figures.execution) == (1, 20.0)
    assert by_arrondissement[None].projects == 1  # the whole commune


@pytest.fixture
def running_plan(project_page_factory):
    """A plan as a site has it before the 200 projects come: two axes, projects in one or two
    arrondissements (or the whole commune), one on the map, one updated, one evaluated; and the
    footer's links set (otherwise the first page served creates them)."""
    SiteLinksFactory()
    first, second = list(Arrondissement.objects.canonical()[:2])
    axes = [make_axis(title="محور أول"), make_axis(title="محور ثان")]
    updated = project_page_factory(
        parent=axes[0],
        arrondissements=[first, second],
        latitude=Decimal("34.04"),
        longitude=Decimal("-6.80"),
    )
    evaluated = project_page_factory(parent=axes[1], arrondissements=[first])
    project_page_factory(parent=axes[1])
    services.post_update(make_editor(), updated, date(2025, 6, 1), "x", percent=30)
    services.evaluate(ResidentFactory(), evaluated, SCORES)
    return plan()


def test_plan_pages_keep_their_queries_with_200_projects(
    client, django_assert_max_num_queries, running_plan
):
    overview = plan().url
    projects_list = overview + "projects/"
    open_data = overview + "open-data/csv/"

    def count(url):
        client.get(url)  # the site chrome is worked out once per language, then remembered
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
        assert response.status_code == 200
        return len(captured)

    before = {url: count(url) for url in (overview, projects_list, open_data)}
    axis = make_axis()
    arrondissements = list(Arrondissement.objects.canonical())
    staff = make_editor()
    for number in range(200):
        project = make_project(
            axis,
            arrondissements=arrondissements[number % 5 : number % 5 + 2],
            latitude=Decimal("34.03") + Decimal(number) / 10_000,
            longitude=Decimal("-6.80"),
        )
        if number % 4 == 0:
            services.post_update(staff, project, date(2026, 1, 1), "x", percent=number % 100)
    after = {url: count(url) for url in (overview, projects_list, open_data)}
    assert after == before
    with django_assert_max_num_queries(40):
        client.get(overview)
    assert client.get(axis.url).status_code == 200


# --- Ideas linked to projects, open data ---------------------------------------------------------


def test_an_idea_suggested_for_a_project_is_linked_to_it(client):
    from proposals.models import ProposalCategory

    axis = make_axis()
    axis.proposal_category = ProposalCategory.objects.canonical().get(slug="mobility")
    axis.save()
    project = make_project(axis, title="طرق الحي")
    resident = ResidentFactory()
    log_in(client, resident)
    form_page = client.get(reverse("proposals:create") + f"?project={project.pk}")
    content = form_page.content.decode()
    assert "طرق الحي" in content
    assert f'name="plan_project" value="{project.pk}"' in content
    assert "selected" in content
    response = client.post(
        reverse("proposals:create") + f"?project={project.pk}",
        {
            "title": "ممر للراجلين قرب المدرسة",
            "body": "ممر آمن للأطفال أمام مدرسة الحي، مع إشارات واضحة.",
            "category": axis.proposal_category_id,
            "arrondissement": resident.arrondissement_id,
            "plan_project": project.pk,
            "action": "submit",
        },
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get(author=resident)
    assert proposal.plan_project_id == project.pk
    Proposal.objects.filter(pk=proposal.pk).update(status="published")
    assert "ممر للراجلين قرب المدرسة" in client.get(project.url).content.decode()


def test_open_data_has_the_figures_and_no_personal_data(client):
    axis = make_axis()
    project = make_project(axis, title="مشروع البيانات", budget_planned=500_000)
    services.post_update(make_editor(), project, date(2026, 1, 1), "x", percent=40)
    services.evaluate(
        ResidentFactory(display_name="Secret Name", email="secret@sale.example"),
        project,
        SCORES,
        "تعليق خاص",
    )
    rows = list(
        csv.DictReader(
            io.StringIO(
                b"".join(client.get(plan().url + "open-data/csv/").streaming_content).decode(
                    "utf-8-sig"
                )
            )
        )
    )
    row = next(row for row in rows if row["title"] == "مشروع البيانات")
    assert (row["progress_percent"], row["budget_planned_mad"]) == ("40", "500000.00")
    data = json.loads(client.get(plan().url + "open-data/json/").content)
    assert any(p["title"] == "مشروع البيانات" for p in data["projects"])
    text = json.dumps(data, ensure_ascii=False) + json.dumps(rows, ensure_ascii=False)
    for secret in ("Secret Name", "secret@sale.example", "تعليق خاص"):
        assert secret not in text


def test_a_project_page_keeps_its_queries_with_its_history(client):
    axis = make_axis()
    quiet = make_project(axis)
    busy = make_project(axis)
    staff = make_editor()
    photo, minutes = make_image(), make_document()

    def attachments():
        return [
            ProjectUpdateAttachment(image=photo, description="الأشغال"),
            ProjectUpdateAttachment(document=minutes, description="المحضر"),
        ]

    services.post_update(staff, quiet, date(2026, 1, 1), "تحيين", attachments=attachments())
    for number in range(30):
        services.post_update(
            staff,
            busy,
            date(2026, 1, 1 + number % 28),
            f"تحيين {number}",
            attachments=attachments(),
            percent=number * 3,
        )
    for _number in range(25):
        services.evaluate(ResidentFactory(), busy, SCORES)
    resident = ResidentFactory()
    log_in(client, resident)

    def count(project):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(project.url).status_code == 200
        return len(captured)

    count(quiet)  # the first requests warm what every request reuses (session, renditions)
    count(busy)
    assert count(quiet) == count(busy)


def test_a_revised_planned_budget_has_its_history_and_counts_in_the_dashboard(client):
    axis = make_axis()
    project = make_project(axis, budget_planned=1_000_000)
    services.post_update(
        make_editor(),
        project,
        date(2026, 6, 1),
        "ميزانية معدلة",
        budget_planned=Decimal(1_250_000),
        budget_spent=Decimal(500_000),
    )
    update = ProjectUpdate.objects.get(project=project)
    assert update.changes["budget_planned"] == ["1000000.00", "1250000.00"]
    projects, _axes = plan_projects(plan())
    mine = [p for p in projects if p.axis.pk == axis.pk]
    total = plan_figures(mine, [axis], "en")["total"]
    assert (total.planned, total.execution) == (Decimal(1_250_000), 40.0)
    page = client.get(project.url).content.decode()
    assert in_arabic("Planned budget") in page and "1\u202f250\u202f000" in page
