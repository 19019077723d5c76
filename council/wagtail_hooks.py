"""The council's sessions in the admin: a session with its agenda inline (each item, the content
it answers and, after the session, its deliberation). Saving tells what became public since
(council/services.py ``announce``)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.views.generic import CreateView, EditView
from wagtail.admin.viewsets.model import ModelViewSet

from council import services
from council.models import AgendaItem, CouncilSession


class AnnouncingCreateView(CreateView):
    def save_instance(self):
        session = super().save_instance()
        services.announce(session, self.request.user)
        return session


class AnnouncingEditView(EditView):
    def save_instance(self):
        session = super().save_instance()
        services.announce(session, self.request.user)
        return session


AgendaItem.panels = [
    FieldPanel("title"),
    FieldPanel("description"),
    MultiFieldPanel(
        [
            FieldPanel("petition"),
            FieldPanel("proposal"),
            FieldPanel("consultation"),
            FieldPanel("project"),
        ],
        heading=_("What it answers"),
    ),
    MultiFieldPanel(
        [
            FieldPanel("outcome"),
            FieldRowPanel(
                [FieldPanel("votes_for"), FieldPanel("votes_against"), FieldPanel("abstentions")]
            ),
            FieldPanel("deliberation_reference"),
            FieldPanel("decision_text"),
        ],
        heading=_("The deliberation (after the session)"),
    ),
]


class CouncilSessionViewSet(ModelViewSet):
    model = CouncilSession
    icon = "date"
    menu_label = _("Council sessions")
    menu_order = 230
    add_to_admin_menu = True
    name = "council_sessions"
    add_view_class = AnnouncingCreateView
    edit_view_class = AnnouncingEditView
    list_display = [
        "title",
        "kind",
        "starts_at",
        BooleanColumn("publish_agenda", label=_("agenda published")),
    ]
    list_filter = ["kind"]
    search_fields = ["title"]
    ordering = ["-starts_at"]
    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("starts_at")]),
        FieldPanel("title"),
        FieldPanel("place"),
        FieldPanel("agenda_document"),
        InlinePanel("items", label=_("Agenda items")),
        FieldPanel("publish_agenda"),
        FieldPanel("minutes"),
        FieldPanel("summary"),
    ]


@hooks.register("register_admin_viewset")
def register_council_viewsets():
    return CouncilSessionViewSet()
