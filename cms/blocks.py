"""StreamField blocks shared by every page type (after Wagtail's bakerydemo)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Section heading")), ("h3", _("Sub-heading"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        template = "cms/blocks/heading.html"
        label = _("Heading")


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Text alternative"),
        max_length=250,
        help_text=_("Describe the image for people who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "cms/blocks/image.html"
        label = _("Image")


class QuestionAnswerBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"), max_length=250)
    answer = blocks.RichTextBlock(
        label=_("Answer"), features=["bold", "italic", "link", "ol", "ul"]
    )

    class Meta:
        icon = "help"
        template = "cms/blocks/question_answer.html"
        label = _("Question and answer")


class LinkBlock(blocks.StructBlock):
    """A featured link: to a page of the site, or to an address elsewhere."""

    title = blocks.CharBlock(label=_("Title"), max_length=120)
    description = blocks.TextBlock(label=_("Description"), required=False, max_length=300)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("Or address"), required=False)

    class Meta:
        icon = "link"
        template = "cms/blocks/link_card.html"
        label = _("Featured link")

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={"page": ValidationError(_("Choose a page or enter an address."))}
            )
        return value


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("The document's own by default."),
    )

    class Meta:
        icon = "doc-full"
        template = "cms/blocks/document.html"
        label = _("Document")


class VideoBlock(blocks.StructBlock):
    """A video the commune hosts itself, or a link to one on a video site.

    No player from a video site is embedded: it would tell that site who reads the page before
    they choose to watch (law 09-08). A hosted video plays in the page; an outside one opens on
    its site when the reader follows the link.
    """

    title = blocks.CharBlock(label=_("Title"), max_length=200)
    video = DocumentChooserBlock(
        label=_("Video file"), required=False, help_text=_("MP4 or WebM uploaded to the documents.")
    )
    captions = DocumentChooserBlock(
        label=_("Captions (WebVTT)"), required=False, help_text=_("Subtitles for deaf viewers.")
    )
    link = blocks.URLBlock(label=_("Or address on a video site"), required=False)
    transcript = blocks.TextBlock(label=_("Transcript or summary"), required=False)

    class Meta:
        icon = "media"
        template = "cms/blocks/video.html"
        label = _("Video")

    def clean(self, value):
        value = super().clean(value)
        if not value.get("video") and not value.get("link"):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "video": ValidationError(_("Choose a video file or enter its address."))
                }
            )
        return value


RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "document-link", "ol", "ul", "hr"]


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(label=_("Paragraph"), features=RICH_TEXT_FEATURES)
    image = CaptionedImageBlock()
    question_answer = QuestionAnswerBlock()
    quote = blocks.BlockQuoteBlock(label=_("Quote"))
    document = DocumentBlock()
    video = VideoBlock()

    class Meta:
        label = _("Body")
