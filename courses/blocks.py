"""StreamField blocks of the lecture pages; each has an icon, a template and a preview.

Templates live in templates/blocks/. Images are shown as a 960×540 rendition
(`fill-960x540`), never the uploaded original; document and video templates use the
chooser values that StreamField bulk-loads and never ask for file sizes.
"""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

VIDEO_SOURCE_REQUIRED = "视频：请上传视频文件或填写嵌入地址，二者选其一。"
VIDEO_SOURCE_BOTH = "视频：上传文件和嵌入地址只能填写一项。"


class HeadingBlock(blocks.StructBlock):
    heading_text = blocks.CharBlock(label="标题文字", max_length=120)
    size = blocks.ChoiceBlock(
        label="级别",
        choices=[("h2", "二级标题"), ("h3", "三级标题"), ("h4", "四级标题")],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = "标题"
        template = "blocks/heading_block.html"
        preview_value = {"heading_text": "一、什么是信用修复", "size": "h2"}
        description = "段落标题"


class ParagraphBlock(blocks.RichTextBlock):
    class Meta:
        icon = "pilcrow"
        label = "正文"
        template = "blocks/paragraph_block.html"
        preview_value = (
            "<p>信用修复是失信主体纠正失信行为、消除不良影响后，"
            "依规申请修复其信用的过程。</p>"
        )
        description = "富文本正文"


class RegulationQuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label="引文", help_text="只引用能在原文中核对的文字。")
    source = blocks.CharBlock(label="出处", max_length=200)
    article = blocks.CharBlock(
        label="条款或位置", max_length=100, required=False, help_text="如：附件3 备注2"
    )

    class Meta:
        icon = "openquote"
        label = "法规引文"
        template = "blocks/regulation_quote_block.html"
        preview_value = {
            "text": "每场次培训班安排不少于半天时间（3学时以上）。",
            "source": "通信用函﹝2022﹞15号",
            "article": "二、培训方式",
        }
        description = "法规、文件原文引用，注明出处和条款"


class KeyPointBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="要点标题", max_length=120)
    body = blocks.RichTextBlock(label="要点内容", features=["bold", "ol", "ul"])
    tone = blocks.ChoiceBlock(
        label="样式",
        choices=[("info", "提示"), ("warning", "注意"), ("success", "做法")],
        default="info",
    )

    class Meta:
        icon = "warning"
        label = "要点提示"
        template = "blocks/key_point_block.html"
        preview_value = {
            "title": "注意",
            "body": "<p>承诺书须在培训会前签署。</p>",
            "tone": "warning",
        }
        description = "突出显示的要点或提醒"


class CaseStudyBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="案例名称", max_length=120)
    facts = blocks.RichTextBlock(label="案情", features=["bold", "ol", "ul"])
    outcome = blocks.RichTextBlock(label="处理结果", features=["bold", "ol", "ul"])
    lesson = blocks.RichTextBlock(label="启示", features=["bold", "ol", "ul"])

    class Meta:
        icon = "doc-full"
        label = "案例分析"
        template = "blocks/case_study_block.html"
        preview_value = {
            "title": "教学案例：逾期未整改",
            "facts": "<p>某企业受到一般行政处罚后未按要求整改。</p>",
            "outcome": "<p>修复申请因材料不全被退回。</p>",
            "lesson": "<p>先纠正失信行为，再申请修复。</p>",
        }
        description = "案情、处理结果与启示"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label="图片")
    caption = blocks.CharBlock(label="图片说明", max_length=200, required=False)
    alt_text = blocks.CharBlock(label="替代文字", max_length=200, required=False)

    class Meta:
        icon = "image"
        label = "图片"
        template = "blocks/image_block.html"
        preview_value = {"caption": "信用修复流程示意图"}
        description = "插图及说明"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label="文件")
    title = blocks.CharBlock(
        label="显示名称", max_length=200, required=False, help_text="留空则用文件标题"
    )
    note = blocks.CharBlock(label="说明", max_length=200, required=False)

    class Meta:
        icon = "doc-full-inverse"
        label = "资料下载"
        template = "blocks/document_block.html"
        preview_value = {"title": "信用修复承诺书（模板）", "note": "PDF"}
        description = "可下载的资料"


class VideoBlock(blocks.StructBlock):
    """A video: an uploaded file (a Wagtail document) or an embed address."""

    title = blocks.CharBlock(label="视频标题", max_length=200)
    file = DocumentChooserBlock(
        label="视频文件", required=False, help_text="上传 mp4/webm 文件"
    )
    embed = EmbedBlock(
        label="嵌入地址", required=False, help_text="无法加载时显示为链接"
    )
    caption = blocks.CharBlock(label="说明", max_length=200, required=False)

    class Meta:
        icon = "media"
        label = "视频"
        template = "blocks/video_block.html"
        preview_value = {"title": "信用修复网上申请演示", "caption": "约 3 分钟"}
        description = "上传的视频文件或外部嵌入视频"

    def clean(self, value):
        value = super().clean(value)
        has_file, has_embed = bool(value.get("file")), bool(value.get("embed"))
        if has_file == has_embed:
            message = VIDEO_SOURCE_BOTH if has_file else VIDEO_SOURCE_REQUIRED
            raise blocks.StructBlockValidationError(
                block_errors={"file": ErrorList([ValidationError(message)])}
            )
        return value


class SelfCheckBlock(blocks.StructBlock):
    question = blocks.TextBlock(label="自测题")
    answer = blocks.RichTextBlock(label="参考答案", features=["bold", "ol", "ul"])

    class Meta:
        icon = "help"
        label = "自测"
        template = "blocks/self_check_block.html"
        preview_value = {
            "question": "培训每场次不少于几个学时？",
            "answer": "<p>3学时以上（不少于半天）。</p>",
        }
        description = "不计分的自测题，点击显示答案"


class BaseStreamBlock(blocks.StreamBlock):
    """Every block a lecture body may use."""

    heading_block = HeadingBlock()
    paragraph_block = ParagraphBlock()
    regulation_quote_block = RegulationQuoteBlock()
    key_point_block = KeyPointBlock()
    case_study_block = CaseStudyBlock()
    image_block = ImageBlock()
    document_block = DocumentBlock()
    video_block = VideoBlock()
    self_check_block = SelfCheckBlock()
