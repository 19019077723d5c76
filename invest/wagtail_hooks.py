"""Invest in Salé in the admin: the investors' messages (invest/admin_views.py) and the topics
that route them to their departments, under one menu."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from invest.admin_views import MessageQueueView, MessageView
from invest.models import InvestmentTopic, InvestorMessage


class MessagePermissionPolicy(ModelPermissionPolicy):
    """Investors write the messages, through the public form: in the admin staff read them
    (and answer or close them on their page, invest/rules.py). Nobody adds, edits or deletes
    one there, superusers included; messages leave after their retention period."""

    def user_has_permission(self, user, action):
        return action == "view" and user.has_perm("invest.read_message")

    def user_has_any_permission(self, user, actions):
        return "view" in actions and user.has_perm("invest.read_message")

    def user_has_permission_for_instance(self, user, action, instance):
        return action == "view" and user.has_perm("invest.read_message", instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return "view" in actions and user.has_perm("invest.read_message", instance)

    def instances_user_has_any_permission_for(self, user, actions):
        if "view" not in actions:
            return InvestorMessage.objects.none()
        return InvestorMessage.objects.handled_by(user)

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return get_user_model().objects.none()
        return super().users_with_any_permission(["answer"])


register_permission_policy(InvestorMessage, MessagePermissionPolicy(InvestorMessage))


class TopicColumn(Column):
    """The topic's name in the reader's language."""

    def get_value(self, instance):
        return instance.topic.localized_name


class InvestorMessageViewSet(ModelViewSet):
    model = InvestorMessage
    name = "investor_messages"
    url_prefix = "invest/messages"
    icon = "mail"
    menu_label = _("Investor messages")
    index_view_class = MessageQueueView
    inspect_view_class = MessageView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "name",
        "organisation",
        TopicColumn("topic", label=_("Topic")),
        "status",
        DateColumn("created_at", label=_("Received"), sort_key="created_at"),
    ]
    list_filter = ["status", "topic"]
    search_fields = ["name", "organisation", "email", "message"]
    ordering = ["-created_at", "-pk"]
    # Only a form to build the viewset; no screen shows it (MessagePermissionPolicy).
    form_fields = ["name"]

    def get_urlpatterns(self):
        """The list and each message's page: there is no screen to add, edit or delete one."""
        return [
            pattern
            for pattern in super().get_urlpatterns()
            if pattern.name in {"index", "index_results", "inspect"}
        ]


class InvestmentTopicViewSet(SnippetViewSet):
    model = InvestmentTopic
    icon = "tag"
    menu_label = _("Topics")
    list_display = ["name", "department", "locale"]
    ordering = ["sort_order", "name"]


class InvestGroup(SnippetViewSetGroup):
    menu_label = _("Invest in Salé")
    menu_icon = "site"
    menu_order = 250
    items = (InvestorMessageViewSet, InvestmentTopicViewSet)


register_snippet(InvestGroup)
