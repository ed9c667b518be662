"""Forms for the question bank and papers (crispy-forms, bootstrap5)."""

from decimal import Decimal

from django import forms

from .models import Paper, Question, Topic
from .services import LETTERS, TRUE_FALSE_OPTIONS

ANSWER_LETTERS_INVALID = "正确答案：请填写选项字母（如 A 或 ACD），且对应选项不能为空。"
ANSWER_TRUE_FALSE_INVALID = "正确答案：判断题请填写“正确”或“错误”。"
RULES_EMPTY = "抽题规则：随机试卷请至少为一个主题填写题数。"
WINDOW_INVALID = "关闭时间：必须晚于开放时间。"


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label="题型", choices=Question.Kind.choices)
    topic = forms.ChoiceField(label="主题", choices=Topic.choices)
    difficulty = forms.TypedChoiceField(
        label="难度",
        choices=Question.Difficulty.choices,
        coerce=int,
        initial=Question.Difficulty.MEDIUM,
    )
    stem = forms.CharField(label="题干", widget=forms.Textarea(attrs={"rows": 3}))
    option_a = forms.CharField(label="选项A", required=False, max_length=500)
    option_b = forms.CharField(label="选项B", required=False, max_length=500)
    option_c = forms.CharField(label="选项C", required=False, max_length=500)
    option_d = forms.CharField(label="选项D", required=False, max_length=500)
    option_e = forms.CharField(label="选项E", required=False, max_length=500)
    option_f = forms.CharField(label="选项F", required=False, max_length=500)
    answer = forms.CharField(
        label="正确答案",
        max_length=10,
        help_text="选择题填字母，如 A 或 ACD；判断题填“正确”或“错误”（选项可留空）。",
    )
    explanation = forms.CharField(
        label="解析", widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        data = super().clean()
        answer = (data.get("answer") or "").strip().upper()
        if data.get("kind") == Question.Kind.TRUE_FALSE:
            if answer not in {"正确", "错误", "对", "错"}:
                raise forms.ValidationError(ANSWER_TRUE_FALSE_INVALID)
            is_true = answer in {"正确", "对"}
            data["options"] = [
                (TRUE_FALSE_OPTIONS[0], is_true),
                (TRUE_FALSE_OPTIONS[1], not is_true),
            ]
            return data
        texts = [
            (letter, (data.get(f"option_{letter.lower()}") or "").strip())
            for letter in LETTERS
        ]
        texts = [(letter, text) for letter, text in texts if text]
        if not answer or not set(answer) <= {letter for letter, _ in texts}:
            raise forms.ValidationError(ANSWER_LETTERS_INVALID)
        data["options"] = [(text, letter in answer) for letter, text in texts]
        return data


class QuestionImportForm(forms.Form):
    file = forms.FileField(
        label="xlsx 文件", help_text="表头：题型、主题、难度、题干、选项A–F、答案、解析"
    )


class PaperForm(forms.Form):
    title = forms.CharField(label="试卷名称", max_length=200)
    mode = forms.ChoiceField(label="组卷方式", choices=Paper.Mode.choices)
    pass_mark = forms.DecimalField(label="及格分", min_value=0, decimal_places=1)
    time_limit_minutes = forms.IntegerField(label="答题时长（分钟）", min_value=1)
    opens_at = forms.DateTimeField(
        label="开放时间", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    closes_at = forms.DateTimeField(
        label="关闭时间", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    attempts_allowed = forms.IntegerField(label="允许考试次数", min_value=1, initial=2)
    review_policy = forms.ChoiceField(
        label="答案回顾", choices=Paper.ReviewPolicy.choices
    )
    partial_credit = forms.BooleanField(label="多选题部分得分", required=False)
    questions = forms.ModelMultipleChoiceField(
        label="固定试题",
        queryset=Question.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="组卷方式为固定试题时选择。",
    )
    question_points = forms.DecimalField(
        label="固定试题每题分值", min_value=Decimal("0.5"), initial=5, required=False
    )
    sessions = forms.ModelMultipleChoiceField(
        label="关联培训场次",
        queryset=Question.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, questions, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questions"].queryset = questions
        self.fields["sessions"].queryset = sessions
        for topic in Topic:
            self.fields[f"count_{topic.value}"] = forms.IntegerField(
                label=f"{topic.label} 题数", min_value=0, required=False
            )
            self.fields[f"points_{topic.value}"] = forms.DecimalField(
                label=f"{topic.label} 每题分值",
                min_value=Decimal("0.5"),
                required=False,
                initial=5,
            )

    def rule_rows(self):
        return [
            (topic, self[f"count_{topic.value}"], self[f"points_{topic.value}"])
            for topic in Topic
        ]

    def clean(self):
        data = super().clean()
        if data.get("opens_at") and data.get("closes_at"):
            if data["closes_at"] <= data["opens_at"]:
                raise forms.ValidationError(WINDOW_INVALID)
        data["rules"] = [
            (topic.value, data[f"count_{topic.value}"], data[f"points_{topic.value}"])
            for topic in Topic
            if data.get(f"count_{topic.value}")
        ]
        if data.get("mode") == Paper.Mode.RANDOM and not data["rules"]:
            raise forms.ValidationError(RULES_EMPTY)
        return data
