"""Whom an announcement goes to, as a queryset of users (never a list: the sending loop reads it
in batches of ids, announcements/sending.py).

Every audience is inside the same base: active accounts with a current consent to the
announcements (participation/consents.py) and a confirmed email address. Then:

- **everyone**: the base;
- **an arrondissement**: residents whose profile names it (in any of its translations);
- **an axis of the action plan**: residents who follow one of the axis's projects, the axis page
  itself, or a proposal filed under the axis's category (follows start by themselves when a
  resident contributes, so this counts those who commented, evaluated or supported too);
- **a tag**: residents who follow content carrying the tag: proposals and petitions (taggit's
  generic tags) and consultations. There is no "follow a tag" button: a resident who follows,
  or contributed to (which follows), tagged content is the tag's follower.
"""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q
from taggit.models import TaggedItem
from wagtail.models import Page

from announcements.apps import CONSENT_PURPOSE
from announcements.models import AudienceKind
from consultations.models import ConsultationPage, ConsultationPageTag
from participation import consents
from participation.models import Follow
from plan.models import AxisPage, ProjectPage
from proposals.models import Proposal


def opted_in():
    """Active residents with a current consent and a confirmed email address."""
    confirmed = EmailAddress.objects.filter(
        user=OuterRef("pk"), email__iexact=OuterRef("email"), verified=True
    )
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            pk__in=consents.consenting(CONSENT_PURPOSE).values("pk"),
        )
        .exclude(email__isnull=True)
        .exclude(email="")
        .filter(Exists(confirmed))
    )


def audience_of(announcement):
    """The users ``announcement`` goes to (a queryset, unordered)."""
    base = opted_in()
    kind = announcement.audience
    if kind == AudienceKind.EVERYONE:
        return base
    if kind == AudienceKind.ARRONDISSEMENT:
        if announcement.arrondissement_id is None:
            return base.none()
        return base.filter(
            arrondissement__translation_key=announcement.arrondissement.translation_key
        )
    if kind == AudienceKind.AXIS:
        if announcement.axis_id is None:
            return base.none()
        return base.filter(pk__in=_followers(_axis_follows(announcement.axis)))
    if kind == AudienceKind.TAG:
        if announcement.tag_id is None:
            return base.none()
        return base.filter(pk__in=_followers(_tag_follows(announcement.tag)))
    return base.none()


def _followers(follows):
    return Follow.objects.filter(follows).values("user_id")


def _content_type(model):
    return ContentType.objects.get_for_model(model, for_concrete_model=False)


def _axis_follows(axis):
    """Follows of the axis (any of its translations), of its projects and of the proposals
    filed under its category."""
    axes = AxisPage.objects.filter(translation_key=axis.translation_key)
    under_axes = Q(pk__in=[])
    for version in axes:  # one per language: a handful
        under_axes |= Q(path__startswith=version.path, depth__gt=version.depth)
    project_keys = Page.objects.filter(under_axes).values("translation_key")
    projects = ProjectPage.objects.filter(translation_key__in=project_keys).values("pk")
    follows = Q(content_type=_content_type(ProjectPage), object_id__in=projects) | Q(
        content_type=_content_type(AxisPage), object_id__in=axes.values("pk")
    )
    if axis.proposal_category_id is not None:
        proposals = Proposal.objects.filter(category_id=axis.proposal_category_id).values("pk")
        follows |= Q(content_type=_content_type(Proposal), object_id__in=proposals)
    return follows


def _tag_follows(tag):
    """Follows of content with ``tag``: anything tagged through taggit's generic tags
    (proposals, petitions), and consultations (any translation of a tagged one)."""
    generic = Exists(
        TaggedItem.objects.filter(
            tag=tag, content_type=OuterRef("content_type"), object_id=OuterRef("object_id")
        )
    )
    tagged_keys = ConsultationPage.objects.filter(
        pk__in=ConsultationPageTag.objects.filter(tag=tag).values("content_object_id")
    ).values("translation_key")
    consultations = ConsultationPage.objects.filter(translation_key__in=tagged_keys).values("pk")
    return Q(generic) | Q(content_type=_content_type(ConsultationPage), object_id__in=consultations)


def describe(announcement):
    """The audience in words, in the active language (lists, the audit log's details)."""
    kind = AudienceKind(announcement.audience)
    if kind == AudienceKind.ARRONDISSEMENT and announcement.arrondissement_id:
        return f"{kind.label}: {announcement.arrondissement.localized_name}"
    if kind == AudienceKind.AXIS and announcement.axis_id:
        return f"{kind.label}: {announcement.axis.title}"
    if kind == AudienceKind.TAG and announcement.tag_id:
        return f"{kind.label}: {announcement.tag.name}"
    return str(kind.label)
