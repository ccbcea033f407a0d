"""Demo speakers: invented people, marked "(demo)", with generated placeholder art."""

from home.demo_images import demo_image

from .models import Speaker

# (slug, name, pronouns, role, organisation, bio)
SPEAKERS = [
    (
        "amara-okafor",
        "Amara Okafor",
        "she/her",
        "Chief Executive",
        "Fenland Community Foundation",
        "Amara has led community foundations in the east of England for fifteen years and chairs the region's funders' network.",
    ),
    (
        "tom-fairbairn",
        "Tom Fairbairn",
        "he/him",
        "Director of Transport Strategy",
        "Combined Authority",
        "Tom leads work on buses, active travel and rail, and spent ten years as a transport planner in local government.",
    ),
    (
        "priya-raman",
        "Priya Raman",
        "she/her",
        "Professor of Agri-Tech",
        "Example University of the Fens",
        "Priya researches precision agriculture and runs a programme placing robotics graduates with Fenland growers.",
    ),
    (
        "gareth-lloyd",
        "Gareth Lloyd",
        "",
        "Managing Director",
        "Ouse Valley Engineering",
        "Gareth runs a 120-person engineering firm and champions apprenticeships across the region's manufacturers.",
    ),
    (
        "chen-wei",
        "Chen Wei",
        "he/him",
        "Head of Digital Inclusion",
        "Huntingdonshire Libraries",
        "Chen set up the libraries' device-lending scheme and free digital skills sessions in twelve market towns.",
    ),
    (
        "siobhan-doyle",
        "Siobhan Doyle",
        "she/her",
        "Director of Public Health",
        "Example County Council",
        "Siobhan has worked in public health for twenty years, most recently on health inequalities in coastal and rural areas.",
    ),
    (
        "marcus-bell",
        "Marcus Bell",
        "he/him",
        "Founder",
        "Peterborough Youth Voice",
        "Marcus founded a youth-led charity that gives young people a say in local decisions, from transport to housing.",
    ),
    (
        "hannah-osei",
        "Hannah Osei",
        "she/her",
        "Net Zero Programme Lead",
        "East of England Energy Hub",
        "Hannah helps councils and businesses plan their route to net zero, with a focus on local energy networks.",
    ),
    (
        "rafael-mendes",
        "Rafael Mendes",
        "",
        "Housing Development Manager",
        "Cambridge Homes Partnership",
        "Rafael delivers affordable homes with housing associations and councils, and sits on the regional housing board.",
    ),
    (
        "eleanor-whitcombe",
        "Eleanor Whitcombe",
        "she/her",
        "Curator",
        "Ely Heritage Trust",
        "Eleanor curates exhibitions about the Fens and leads a partnership bringing heritage sites into schools.",
    ),
    (
        "dev-patel",
        "Dev Patel",
        "he/him",
        "Skills Bootcamp Coordinator",
        "March College",
        "Dev runs free bootcamps in digital, construction and green skills for adults changing careers.",
    ),
    (
        "grace-adeyemi",
        "Grace Adeyemi",
        "they/them",
        "Chair",
        "Voluntary Sector Forum",
        "Grace chairs a forum of over 200 voluntary and community organisations and co-designed the Shared Ambition's engagement.",
    ),
    (
        "jonas-lindqvist",
        "Jonas Lindqvist",
        "",
        "Water Resources Planner",
        "Fens Water Partnership",
        "Jonas plans for water supply in one of the driest parts of the country, working with farmers, industry and utilities.",
    ),
    (
        "fatima-hussain",
        "Fatima Hussain",
        "she/her",
        "Inclusive Economy Adviser",
        "St Neots Business Network",
        "Fatima helps small businesses grow, with a particular focus on founders from under-represented communities.",
    ),
    (
        "oliver-marsh",
        "Oliver Marsh",
        "he/him",
        "Nature Recovery Officer",
        "Great Fen Example Project",
        "Oliver works with landowners to restore wetland habitats and leads guided walks for schools and community groups.",
    ),
    (
        "bethany-clarke",
        "Bethany Clarke",
        "she/her",
        "Chief Digital Officer",
        "Wisbech Port Trust",
        "Bethany leads digital services at a busy port and advises local firms on connectivity and cyber security.",
    ),
    (
        "samuel-okoro",
        "Samuel Okoro",
        "he/him",
        "Youth Representative",
        "Peterborough Youth Voice",
        "Samuel is studying engineering and represents young people on the region's transport users' panel.",
    ),
    (
        "isla-mckenzie",
        "Isla McKenzie",
        "she/her",
        "Head of Partnerships",
        "Combined Authority",
        "Isla convenes the Shared Ambition partnership and leads the annual summit.",
    ),
]


def seed(*, stdout):
    created = 0
    for number, (slug, name, pronouns, role, organisation, bio) in enumerate(SPEAKERS):
        if Speaker.objects.filter(slug=slug).exists():
            continue
        photo = demo_image(
            f"Speaker placeholder: {name} (demo)",
            seed=700 + number,
            width=480,
            height=480,
        )
        if not photo.description:
            photo.description = f"Placeholder artwork in place of {name}'s photo"
            photo.save(update_fields=["description"])
        Speaker.objects.create(
            slug=slug,
            name=f"{name} (demo)",
            pronouns=pronouns,
            role=role,
            organisation=f"{organisation} (demo)",
            bio=f"{bio} This is an invented demo profile.",
            photo=photo,
            links=[("link", {"text": "Website", "url": "https://example.org/"})],
        )
        created += 1
    stdout.write(f"Speakers: {created} added, {Speaker.objects.count()} in all.")
