"""Names in the scripts of the people who come to the summit, for proving that every
PDF keeps them whole (tests/events/test_documents.py, docs/documents.md). All
invented: common given names and family names put together, no real person meant.
Each entry is (language, person's name, organisation)."""

PEOPLE = [
    ("Polish", "Łukasz Żółć-Nguyễn 王芳", "Fundacja Współpracy Łódź–Peterborough"),
    ("Polish", "Małgorzata Wąsik-Źródło", "Polskie Stowarzyszenie Kulturalne"),
    ("Lithuanian", "Gintarė Šėrkšnienė", "Lietuvių bendruomenė Kembridžo grafystėje"),
    ("Latvian", "Krišjānis Ķēniņš", "Latviešu biedrība Pīterboro"),
    ("Romanian", "Ștefan Țăranu", "Asociația Românilor din Anglia de Est"),
    ("Portuguese", "João Conceição Gonçalves", "Associação Luso-Britânica de Ely"),
    ("Vietnamese", "Nguyễn Thị Phương Thảo", "Hội Người Việt Cambridgeshire"),
    ("Vietnamese", "Trần Đức Thắng", "Trường Tiếng Việt Cuối Tuần"),
    ("Greek", "Γιώργος Παπαδόπουλος", "Ελληνική Κοινότητα του Κέιμπριτζ"),
    ("Ukrainian", "Олена Шевчук", "Українська громада Пітерборо"),
    ("Russian", "Дмитрий Соколов", "Кембриджский клуб шахмат"),
    ("Urdu", "عائشہ خان", "پیٹربورو اردو مرکز"),
    ("Arabic", "محمد الحسن", "الجمعية العربية في كامبريدج"),
    ("Bengali", "সুমাইয়া রহমান", "পিটারবরো বাংলা সমিতি"),
    ("Punjabi", "ਹਰਪ੍ਰੀਤ ਕੌਰ", "ਪੀਟਰਬਰੋ ਪੰਜਾਬੀ ਸਭਾ"),
    ("Chinese", "陈伟", "剑桥华人社区协会"),
    (
        "English",
        "Alexandra Montgomery-Fotheringham",
        "Cambridge Example University Department of Land Economy, Rural Enterprise "
        "and Community Transport Partnerships (East of England Office)",
    ),
]

NAMES = [name for _language, name, _organisation in PEOPLE]
ORGANISATIONS = [organisation for _language, _name, organisation in PEOPLE]
LONG_ORGANISATION = PEOPLE[-1][2]

# The longest a badge must hold: a name and an organisation of 150 characters each,
# the most the booking form takes (Attendee.name, Attendee.organisation), in Chinese
# (each character two widths) and in Latin words.
LONGEST_PEOPLE = [
    (
        "Chinese",
        ("张伟王芳李娜刘洋陈静杨帆" * 13)[:150],
        ("剑桥郡与彼得伯勒华人社区互助协会" * 10)[:150],
    ),
    (
        "English",
        ("Alexandra Montgomery-Fotheringham de la Cruz-Worthington " * 3)[:149] + "s",
        (
            "Cambridge Example University Department of Land Economy, Rural "
            "Enterprise and Community Transport Partnerships (East of England "
            "Regional Office)"
        )[:149]
        + "s",
    ),
]
