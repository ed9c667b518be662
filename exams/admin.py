from django.contrib import admin

from common.admin import ReadOnlyAdminMixin

from .models import (
    Attempt,
    AttemptItem,
    DrawRule,
    Option,
    Paper,
    PaperQuestion,
    PaperSession,
    Question,
)


class OptionInline(admin.TabularInline):
    model = Option
    extra = 0


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = [
        "stem",
        "kind",
        "topic",
        "difficulty",
        "agency",
        "is_shared",
        "is_active",
    ]
    list_filter = ["kind", "topic", "difficulty", "is_shared", "is_active"]
    search_fields = ["stem"]
    inlines = [OptionInline]


class PaperQuestionInline(admin.TabularInline):
    model = PaperQuestion
    extra = 0
    raw_id_fields = ["question"]


class DrawRuleInline(admin.TabularInline):
    model = DrawRule
    extra = 0


class PaperSessionInline(admin.TabularInline):
    model = PaperSession
    extra = 0
    raw_id_fields = ["session"]


@admin.register(Paper)
class PaperAdmin(admin.ModelAdmin):
    list_display = ["title", "agency", "mode", "opens_at", "closes_at", "review_policy"]
    list_filter = ["mode", "review_policy"]
    inlines = [PaperQuestionInline, DrawRuleInline, PaperSessionInline]


class AttemptItemInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = AttemptItem
    extra = 0
    readonly_fields = [
        "question",
        "position",
        "option_order",
        "points",
        "answer",
        "answered_at",
        "is_correct",
        "awarded",
    ]


@admin.register(Attempt)
class AttemptAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: attempts change only through the exam services."""

    list_display = [
        "candidate",
        "paper",
        "number",
        "status",
        "score",
        "passed",
        "started_at",
    ]
    list_filter = ["status", "passed"]
    inlines = [AttemptItemInline]
