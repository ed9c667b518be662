"""Demo lectures for the six topics of seed 001 ("三、培训内容").

Quotations (regulation_quote_block) are copied verbatim from the seed notices so they
can be checked; no article of any law is quoted that the seeds do not contain. Case
studies are teaching examples with fictional enterprises, marked as such.
"""

N15 = "南通市通信用函﹝2022﹞15号"
N14 = "南通市信用修复工作通知（一企一档）"
CZ = "常州市高效推进“信用修复一件事”实施方案"
HA = "淮安市信用领域突出问题专项治理方案（2022）"

TEACHING = "（教学示例，企业与情节均为虚构）"


def h(text, size="h2"):
    return ("heading_block", {"heading_text": text, "size": size})


def p(html):
    return ("paragraph_block", html)


def quote(text, source, article=""):
    return (
        "regulation_quote_block",
        {"text": text, "source": source, "article": article},
    )


def point(title, body, tone="info"):
    return ("key_point_block", {"title": title, "body": body, "tone": tone})


def case(title, facts, outcome, lesson):
    return (
        "case_study_block",
        {
            "title": title + TEACHING,
            "facts": facts,
            "outcome": outcome,
            "lesson": lesson,
        },
    )


def check(question, answer):
    return ("self_check_block", {"question": question, "answer": answer})


# Media blocks are filled in by demo/courses.py with locally generated files.
IMAGE = ("image_block", "flow-diagram")
LETTER_PDF = ("document_block", "letter-template")
FORM_PDF = ("document_block", "general-form")
VIDEO = ("video_block", "demo-video")

COURSES = [
    {
        "slug": "regulations",
        "tree": "city",
        "title": "宣贯《江苏省社会信用条例》",
        "topic": "regulations",
        "visibility": "public",
        "audience": "失信企业法定代表人或主要负责人；有关部门工作人员",
        "objectives": "<ul><li>了解本次宣贯培训的目的和组织方式。</li>"
        "<li>知道条例宣贯由谁讲、培训面向谁。</li></ul>",
        "lectures": [
            {
                "slug": "purpose",
                "title": "第一讲 培训目的与组织方式",
                "summary": "为什么办这次宣贯培训，怎样组织。",
                "body": [
                    h("一、培训目的"),
                    quote(
                        "宣贯《江苏省社会信用条例》，宣讲信用相关法律法规政策以及"
                        "信用修复流程等，提升全社会对信用工作的认知度，营造知信、"
                        "守信、用信的良好氛围。",
                        N15,
                        "一、培训目的",
                    ),
                    p(
                        "<p>培训还要摸清失信企业的情况，包括失信行为产生原因、"
                        "整改情况、是否满足信用修复的条件，并辅导符合条件的企业"
                        "开展信用修复。</p>"
                    ),
                    h("二、谁来讲条例"),
                    quote(
                        "宣贯《江苏省社会信用条例》（原则上由属地社会信用综合管理"
                        "部门分管负责人宣讲）",
                        N15,
                        "三、培训内容 第1项",
                    ),
                    point(
                        "本课程的边界",
                        "<p>条例条文请以正式公布的文本为准。本讲只转述培训通知中"
                        "关于宣贯安排的内容，不摘录条例条文。</p>",
                    ),
                    h("三、列入严重失信主体名单前的告知", "h3"),
                    quote(
                        "将市场主体列入严重失信主体名单前,应当根据《江苏省社会"
                        "信用条例》规定,履行告知程序。",
                        CZ,
                        "（八）强化制度建设",
                    ),
                    check(
                        "本年度南通市公益培训企业总数不少于多少家？",
                        "<p>不少于1500家（通知“二、培训方式”，详见附件1）。</p>",
                    ),
                ],
            },
            {
                "slug": "format",
                "title": "第二讲 培训方式与纪律",
                "summary": "线上线下、学时要求与公益性。",
                "body": [
                    h("一、学时要求"),
                    quote(
                        "每场次培训班安排不少于半天时间（3学时以上）。",
                        N15,
                        "二、培训方式",
                    ),
                    p(
                        "<p>各地可根据防疫要求灵活采取线上或线下方式，"
                        "合理安排场次和人数。</p>"
                    ),
                    h("二、公益性办班"),
                    quote(
                        "此次培训为公益性办班，不收取企业培训费、服务费等任何费用；",
                        N15,
                        "四、工作要求 第1项",
                    ),
                    point(
                        "会场纪律",
                        "<p>不得安排与培训会议无关的内容，会场不得出现任何商业"
                        "宣传内容。</p>",
                        "warning",
                    ),
                    VIDEO,
                ],
            },
        ],
    },
    {
        "slug": "joint-mechanism",
        "tree": "city",
        "title": "失信联合奖惩机制与名单管理",
        "topic": "joint_mechanism",
        "visibility": "public",
        "audience": "信用领域突出问题专项治理名单内企业的法定代表人或主要负责人",
        "objectives": "<ul><li>了解“退出、帮扶、约束”三类清单。</li>"
        "<li>了解严重失信主体名单制度的基本要求。</li></ul>",
        "lectures": [
            {
                "slug": "three-lists",
                "title": "第一讲 退出、帮扶、约束三类清单",
                "summary": "分类处置、分步实施。",
                "body": [
                    h("一、三类清单"),
                    p(
                        "<p>淮安市2022年的专项治理方案要求对严重失信主体名单调查"
                        "摸底，确定“退出、帮扶、约束”三类清单，分类处置、分步"
                        "实施。</p>"
                    ),
                    quote(
                        "严格执行严重失信主体名单制度,不得以政府规章、制度规定"
                        "擅自增加或扩展严重失信主体名单及其认定标准。",
                        CZ,
                        "（八）强化制度建设",
                    ),
                    point(
                        "帮扶的方式",
                        "<p>方案提出可通过委托乡镇街道基层单位或购买第三方机构"
                        "服务等方式，与企业建立“一对一”结对帮扶。</p>",
                        "success",
                    ),
                    check(
                        "三类清单分别是什么？",
                        "<p>退出、帮扶、约束。</p>",
                    ),
                ],
            },
        ],
    },
    {
        "slug": "impact-cases",
        "tree": "city",
        "title": "联合奖惩措施的影响与典型案例",
        "topic": "impact_cases",
        "visibility": "enrolled",
        "audience": "存在行政处罚的企业法定代表人或主要负责人",
        "objectives": "<ul><li>了解失信约束措施可能对企业经营产生的影响。</li>"
        "<li>通过教学案例理解及时修复的意义。</li></ul>",
        "lectures": [
            {
                "slug": "impact",
                "title": "第一讲 失信约束对企业的影响",
                "summary": "重点监管、资金支持、公共资源交易等方面的约束。",
                "body": [
                    h("一、常见的约束措施"),
                    p(
                        "<p>淮安市方案列举的措施包括：列为重点监管对象，增加抽查"
                        "检查频次，取消财政性资金补助和项目支持，限制参与公共资源"
                        "交易、政府采购、招标投标，撤销相关荣誉等。</p>"
                    ),
                    quote(
                        "加强惩戒约束，提高企业失信成本，倒逼企业及时纠正失信行为，"
                        "履行相关义务，退出严重失信主体名单。",
                        HA,
                        "（三）惩戒一批 第1项",
                    ),
                    case(
                        "投标前才发现处罚信息仍在公示",
                        "<p>某建材公司曾受到一般行政处罚，已按决定书缴纳罚款，"
                        "但未申请信用修复。一次投标前，采购方查询到该处罚信息仍在"
                        "公示。</p>",
                        "<p>公司在最短公示期满后提交修复申请并通过，但已错过该次"
                        "投标。</p>",
                        "<p>履行处罚义务后，要关注最短公示期，及时申请修复，"
                        "不要等到需要时才处理。</p>",
                    ),
                    IMAGE,
                ],
            },
        ],
    },
    {
        "slug": "repair-procedure",
        "tree": "agency",
        "title": "纠正失信行为与信用修复流程",
        "topic": "repair_procedure",
        "visibility": "enrolled",
        "audience": "有信用修复意愿的失信企业法定代表人或主要负责人",
        "objectives": "<ul><li>分清一般、严重、特定严重失信行为。</li>"
        "<li>掌握修复材料与常见易错点。</li></ul>",
        "lectures": [
            {
                "slug": "severity",
                "title": "第一讲 三类失信行为的区分",
                "summary": "一般、严重、特定严重。",
                "body": [
                    h("一、严重失信行为"),
                    quote(
                        "涉及严重失信行为的行政处罚信息申请信用修复时，需主动参加"
                        "信用修复专题培训、提交信用报告。",
                        N15,
                        "附件3 备注1",
                    ),
                    h("二、特定严重失信行为"),
                    quote(
                        "在食品药品、生态环境、工程质量、安全生产、消防安全、强制性"
                        "产品认证等领域被处以责令停产停业，或吊销许可证、吊销执照的"
                        "行政处罚信息；",
                        N15,
                        "附件3 备注2",
                    ),
                    point(
                        "注意",
                        "<p>附件3备注2所列的特定严重失信行为处罚信息，以及法律、"
                        "法规、规章另有规定不可修复的行政处罚信息，不能通过本平台"
                        "申请修复。</p>",
                        "warning",
                    ),
                    check(
                        "涉及严重失信行为的处罚信息申请修复时，需要做哪两件事？",
                        "<p>主动参加信用修复专题培训、提交信用报告。</p>",
                    ),
                ],
            },
            {
                "slug": "materials",
                "title": "第二讲 修复材料与易错点",
                "summary": "承诺书、一般失信行为修复表、网上申请。",
                "body": [
                    h("一、哪些企业要另填修复表"),
                    quote(
                        "处罚内容内涉及有“整改”“整顿”“停止违法行为”等的失信企业，"
                        "需另外填写《涉及一般失信行为行政处罚信息信用修复表》。",
                        N15,
                        "五、其他 第1项",
                    ),
                    FORM_PDF,
                    case(
                        "经办人信息不一致被退回",
                        "<p>某餐饮公司填写修复表时，经办人联系方式与在线申请时"
                        "填写的不一致。</p>",
                        "<p>申请被退回补正，重新提交后才进入初审。</p>",
                        "<p>修复表注明“经办人联系方式（需与在线申请经办人一致）”，"
                        "提交前逐项核对。</p>",
                    ),
                    h("二、“手把手”网上申请", "h3"),
                    p(
                        "<p>培训结束后，各地以1—2个乡镇（街道）为单位提供互联网"
                        "接入环境，信用服务机构现场指导企业完成信用修复网上申请"
                        "提交。</p>"
                    ),
                    point(
                        "修复率目标",
                        "<p>信用服务机构提供免费“一对一”指导服务，确保参训企业"
                        "信用修复率达80%以上。</p>",
                        "success",
                    ),
                ],
            },
        ],
    },
    {
        "slug": "commitment-letter",
        "tree": "agency",
        "title": "信用修复承诺书",
        "topic": "commitment_letter",
        "visibility": "enrolled",
        "audience": "所有参训企业",
        "objectives": "<ul><li>理解承诺书的五项承诺。</li>"
        "<li>知道承诺书须在培训会前签署。</li></ul>",
        "lectures": [
            {
                "slug": "five-promises",
                "title": "第一讲 承诺书的五项承诺",
                "summary": "逐条读懂承诺内容。",
                "body": [
                    point(
                        "签署时间",
                        "<p>签订信用修复承诺书须在培训会前完成；《信用修复承诺书》"
                        "需所有企业填写。</p>",
                        "warning",
                    ),
                    quote(
                        "一、已按照行政处罚决定机关规定和行政处罚决定书要求，及时"
                        "修正违法行为、履行处罚决定书项下相关义务；",
                        N15,
                        "附件2",
                    ),
                    quote("二、所提供资料均合法、真实、准确和有效；", N15, "附件2"),
                    quote(
                        "三、在信用修复完成后，继续严格遵守国家法律、法规、规章和"
                        "政策规定，依法守信从事生产经营活动；自觉接受政府、行业组织、"
                        "社会公众、新闻舆论的监督，积极履行社会责任；",
                        N15,
                        "附件2",
                    ),
                    quote(
                        "四、若违背上述承诺内容，自愿接受相关行政处罚信息按最长公示期"
                        "向社会公示，自愿接受有关违背承诺情况通报和公示，并承担相应的"
                        "法律责任。",
                        N15,
                        "附件2",
                    ),
                    quote(
                        "五、同意将承诺和践诺信息作为我单位信用记录由“信用中国”网站"
                        "归集并合规应用。",
                        N15,
                        "附件2",
                    ),
                    LETTER_PDF,
                    check(
                        "违背承诺的后果之一是什么？",
                        "<p>自愿接受相关行政处罚信息按最长公示期向社会公示。</p>",
                    ),
                ],
            },
        ],
    },
    {
        "slug": "completion-exam",
        "tree": "agency",
        "title": "信用修复培训结业考试",
        "topic": "completion_exam",
        "visibility": "enrolled",
        "audience": "完成培训的参训企业",
        "objectives": "<ul><li>了解结业考试在培训中的位置。</li>"
        "<li>考前自测。</li></ul>",
        "lectures": [
            {
                "slug": "exam-guide",
                "title": "第一讲 考试说明与考前自测",
                "summary": "考试安排与自测题。",
                "body": [
                    p(
                        "<p>企业参加信用修复培训结业考试是培训内容的第6项。信用"
                        "服务机构负责组织信用修复企业有关人员考试。</p>"
                    ),
                    point(
                        "参加考试前",
                        "<p>本平台要求先签署承诺书并达到出勤要求，才能进入考试。</p>",
                    ),
                    check(
                        "培训通知要求参训企业信用修复率达到多少？",
                        "<p>80%以上。</p>",
                    ),
                    check(
                        "承诺书应在什么时候签署？",
                        "<p>培训会前。</p>",
                    ),
                ],
            },
        ],
    },
]
