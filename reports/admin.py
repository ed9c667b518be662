from django.contrib import admin

from .models import FeedbackAnswer, FeedbackQuestion, FeedbackResponse, FeedbackSurvey


class FeedbackQuestionInline(admin.TabularInline):
    model = FeedbackQuestion
    extra = 1
    fields = ["position", "text", "kind", "options", "required"]


@admin.register(FeedbackSurvey)
class FeedbackSurveyAdmin(admin.ModelAdmin):
    list_display = ["title", "is_active", "created_at"]
    inlines = [FeedbackQuestionInline]


class FeedbackAnswerInline(admin.TabularInline):
    model = FeedbackAnswer
    extra = 0
    readonly_fields = ["question", "rating", "choice", "text"]
    can_delete = False


@admin.register(FeedbackResponse)
class FeedbackResponseAdmin(admin.ModelAdmin):
    list_display = ["enrolment", "survey", "submitted_at"]
    list_select_related = ["enrolment__enterprise", "enrolment__session", "survey"]
    readonly_fields = ["survey", "enrolment", "submitted_at"]
    inlines = [FeedbackAnswerInline]

    def has_add_permission(self, request):
        return False
