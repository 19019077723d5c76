"""What the open-data API says of each kind of public data: only what the site already shows
everyone, and never anything personal (no author, mandataire, requester, signatory, email, CIN
or address: tests/opendata/test_personal_data.py walks every endpoint to check it)."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from consultations.models import ConsultationPage
from consultations.results import cached_results
from council.models import AgendaItem, CouncilSession
from information.models import InformationRequest
from petitions.models import Petition
from plan.models import ProjectPage, ProjectUpdate
from proposals.models import Proposal


def absolute(path):
    return f"{settings.SHARIK_SITE_URL}{path}" if path else ""


class ProposalSerializer(serializers.ModelSerializer):
    category = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    arrondissement = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    tags = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Proposal
        fields = [
            "id",
            "title",
            "body",
            "category",
            "arrondissement",
            "latitude",
            "longitude",
            "status",
            "support_count",
            "comment_count",
            "published_at",
            "tags",
            "url",
        ]

    def get_tags(self, proposal) -> list[str]:
        return [tag.name for tag in proposal.tags.all()]

    def get_url(self, proposal) -> str:
        return absolute(proposal.get_absolute_url())


class PetitionSerializer(serializers.ModelSerializer):
    competence = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    arrondissements = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    association = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Petition
        fields = [
            "id",
            "title",
            "question",
            "kind",
            "status",
            "competence",
            "arrondissements",
            "association",
            "signature_count",
            "signature_threshold",
            "published_at",
            "collection_ends_on",
            "filed_at",
            "receipt_number",
            "decision",
            "decided_on",
            "deliberation_reference",
            "decision_text",
            "url",
        ]

    def get_association(self, petition) -> str:
        """An association is a public body: its name is public, its representatives' are not."""
        return petition.organisation.name if petition.organisation_id else ""

    def get_url(self, petition) -> str:
        return absolute(petition.get_absolute_url())


class ProjectUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProjectUpdate
        fields = [
            "date",
            "kind",
            "text",
            "council",
            "status",
            "percent",
            "budget_planned",
            "budget_committed",
            "budget_spent",
        ]


class ProjectSerializer(serializers.ModelSerializer):
    """A plan project as it stands (its last update's figures) and its history."""

    axis = serializers.SerializerMethodField()
    arrondissements = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    status = serializers.SerializerMethodField()
    progress_percent = serializers.SerializerMethodField()
    budget_committed = serializers.SerializerMethodField()
    budget_spent = serializers.SerializerMethodField()
    history = ProjectUpdateSerializer(source="updates", many=True, read_only=True)
    department = serializers.CharField(
        source="responsible_department.name", default="", read_only=True
    )
    url = serializers.SerializerMethodField()

    class Meta:
        model = ProjectPage
        fields = [
            "id",
            "title",
            "objective",
            "axis",
            "arrondissements",
            "latitude",
            "longitude",
            "budget_planned",
            "budget_committed",
            "budget_spent",
            "funding_partners",
            "department",
            "starts_on",
            "ends_on",
            "status",
            "progress_percent",
            "history",
            "url",
        ]

    def _progress(self, project):
        return getattr(project, "progress", None)

    def get_axis(self, project) -> str:
        return getattr(project, "axis_title", "") or ""  # annotated by the view

    def get_status(self, project) -> str:
        progress = self._progress(project)
        return progress.status if progress else ""

    def get_progress_percent(self, project) -> int:
        progress = self._progress(project)
        return progress.percent if progress else 0

    def get_budget_committed(self, project) -> str | None:
        progress = self._progress(project)
        return str(progress.budget_committed) if progress else None

    def get_budget_spent(self, project) -> str | None:
        progress = self._progress(project)
        return str(progress.budget_spent) if progress else None

    def get_url(self, project) -> str:
        return absolute(project.url)


class AgendaItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgendaItem
        fields = [
            "title",
            "description",
            "petition",
            "proposal",
            "consultation",
            "project",
            "outcome",
            "votes_for",
            "votes_against",
            "abstentions",
            "deliberation_reference",
            "decision_text",
        ]


class SessionSerializer(serializers.ModelSerializer):
    items = AgendaItemSerializer(many=True, read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = CouncilSession
        fields = [
            "id",
            "kind",
            "title",
            "starts_at",
            "place",
            "agenda_published_at",
            "summary",
            "items",
            "url",
        ]

    def get_url(self, session) -> str:
        return absolute(session.get_absolute_url())


class InformationRequestSerializer(serializers.ModelSerializer):
    """A request of the public register: the question and the answer, never the requester."""

    department = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    documents = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = InformationRequest
        fields = [
            "id",
            "number",
            "subject",
            "information",
            "department",
            "status",
            "received_on",
            "due_on",
            "answered_on",
            "answer",
            "documents",
            "url",
        ]

    def get_documents(self, request) -> list[str]:
        return [
            absolute(reverse("information:document", args=[document.pk]))
            for document in request.documents.all()
        ]

    def get_url(self, request) -> str:
        return absolute(reverse("information:published", args=[request.pk]))


class ResultRowSerializer(serializers.Serializer):
    label = serializers.CharField()
    count = serializers.IntegerField()
    percent = serializers.FloatField()


class QuestionResultSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    question = serializers.CharField()
    answered = serializers.IntegerField()
    average = serializers.FloatField(allow_null=True)
    rows = ResultRowSerializer(many=True)


class ConsultationSerializer(serializers.ModelSerializer):
    """A consultation and, once its results are public, their aggregated figures (counts only:
    no free text)."""

    participants = serializers.SerializerMethodField()
    results = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = ConsultationPage
        fields = [
            "id",
            "title",
            "summary",
            "opens_at",
            "closes_at",
            "participants",
            "results",
            "url",
        ]

    def get_participants(self, consultation) -> int:
        tally = getattr(consultation, "tally", None)
        return tally.participant_count if tally else 0

    @extend_schema_field(QuestionResultSerializer(many=True))
    def get_results(self, consultation):
        if not consultation.results_are_public():
            return []
        data = cached_results(consultation, consultation.questions, get_language())
        return [
            {
                "number": result.question.number,
                "question": str(result.question.text),
                "answered": result.answered,
                "average": result.average,
                "rows": [
                    {"label": str(row.label), "count": row.count, "percent": row.percent}
                    for row in result.rows
                ],
            }
            for result in data.questions
        ]

    def get_url(self, consultation) -> str:
        return absolute(consultation.url)
