"""Demo articles for a first look at the service, written for this project (not copied from
any report): three short reports of the March 2025 violence on Syria's coast whose figures and
names disagree the way real coverage did."""

DEMO_ARTICLES = [
    {
        "title": "Monitor counts more than 1,300 dead on Syria's coast",
        "publisher": "Demo Wire",
        "published_at": "2025-03-10T12:00:00Z",
        "url": "https://demo.example.org/wire/coast-toll-monday",
        "body": (
            "Monitor counts more than 1,300 dead on Syria's coast\n"
            "The Syrian Observatory for Human Rights (SOHR), a monitoring group based in the "
            "United Kingdom, said on Monday that more than 1,300 people had died in Latakia, "
            "Tartous and Baniyas since Thursday. Of those, 973 were civilians, the group said.\n"
            "The Joint Operations Room's spokesman, Colonel Hussein Abdulghani, told "
            "reporters in Latakia that the attacks had been contained.\n"
            "Officials in Damascus later declared the operation in Latakia and Tartous over."
        ),
    },
    {
        "title": "Civilian toll in coastal Syria rises again",
        "publisher": "Demo Daily",
        "published_at": "2025-03-12T09:30:00Z",
        "url": "https://demo.example.org/daily/civilian-toll-rises",
        "body": (
            "Civilian toll in coastal Syria rises again\n"
            "The Syrian Observatory for Human Rights estimates that 1,383 civilians died "
            "during the four days of fighting in Latakia, Tartous and Baniyas.\n"
            "Defence ministry spokesman Hassan Abdel Ghani said security forces were back in "
            "control of the coast around Latakia.\n"
            "Residents of Baniyas said at least 17 more civilians were killed after the "
            "operation ended."
        ),
    },
    {
        "title": "Rights network puts coastal death toll near 800",
        "publisher": "Demo Monitor",
        "published_at": "2025-03-11T08:00:00Z",
        "url": "https://demo.example.org/monitor/snhr-count",
        "body": (
            "Rights network puts coastal death toll near 800\n"
            "According to the Syrian Network for Human Rights (SNHR), approximately 779 people "
            "were killed in Latakia, Tartous and Baniyas between Thursday and Monday.\n"
            "Four men were detained in Latakia over abuses against civilians, officials said."
        ),
    },
]

DEMO_USERS = [
    # username, password, role, description
    ("editor", "demo-editor-pass", "editor", "editor"),
    ("editor2", "demo-editor2-pass", "editor", "second editor (for four-eyes approval)"),
    ("checker", "demo-checker-pass", "fact-checker", "fact-checker"),
]
