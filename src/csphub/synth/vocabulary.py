"""Words the synthetic partnership writes with: street names, offence codes and their mix.

Shared by the bundled sample supplies (tools/make_samples.py) and the benchmarks, so that
every generator of Eastbrook data speaks the same way.
"""

# Home Office offence classification codes, weighted roughly as a year's recorded crime.
OFFENCE_MIX: list[tuple[str, int]] = [  # roughly the mix of a year's recorded crime
    ("105/01", 18),
    ("008/06", 9),
    ("058/03", 6),
    ("046/00", 8),
    ("125/10", 7),
    ("045/00", 5),
    ("048/00", 3),
    ("028/01", 4),
    ("030/01", 3),
    ("092/41", 4),
    ("049/00", 6),
    ("039/00", 2),
    ("034/01", 2),
    ("195/12", 3),
    ("058/01", 4),
    ("010/01", 2),
    ("008/01", 3),
    ("044/00", 1),
]


def weighted_offence_codes() -> list[str]:
    """Each code as often as its weight: draw uniformly from this list."""
    return [code for code, weight in OFFENCE_MIX for _ in range(weight)]


STREETS: list[str] = [
    "High Street",
    "Station Road",
    "Church Lane",
    "Mill Way",
    "Kings Road",
    "Queens Avenue",
    "Market Place",
    "Brook Street",
    "Riverside Walk",
    "Elm Grove",
    "Orchard Close",
    "Park Terrace",
    "Victoria Road",
    "Albert Street",
    "London Road",
    "Green Lane",
    "Manor Way",
    "School Lane",
]


# --------------------------------------------------------------------------- people
# Given names and surnames by the origin they are most common in, for names that fit a
# person's recorded ethnicity. Frequent names come first; draws favour the front of each list.

_GIVEN = {
    (
        "british",
        "M",
    ): """Oliver George Harry Jack Jacob Noah Charlie Thomas Oscar William James Henry
        Leo Alfie Joshua Freddie Archie Ethan Isaac Alexander Joseph Edward Samuel Max Daniel Arthur
        Lucas Mohammed Logan Theo Harrison Benjamin Mason Sebastian Finley Adam Dylan Zachary Riley
        Teddy Elliot Toby Harvey Luke Matthew Lewis Tyler David Michael Paul Mark Andrew Richard
        Stephen Peter Christopher Robert John Anthony Kevin Gary Ian Neil Simon Craig Darren Lee Wayne
        Dean Scott Jamie Ryan Liam Connor Callum Kyle Jordan Ben Sam Nathan Aaron Ashley Brian Keith
        Colin Graham Trevor Roy Kenneth Dennis Terry Barry Alan Derek""".split(),
    ("british", "F"): """Olivia Amelia Isla Ava Emily Sophia Grace Mia Poppy Ella Lily Evie Isabella
        Sophie Ivy Freya Harper Willow Charlotte Jessica Daisy Florence Alice Phoebe Ruby Evelyn Rosie
        Sienna Matilda Elsie Chloe Emma Lucy Hannah Megan Holly Katie Laura Rebecca Sarah Emma Amy
        Gemma Kelly Lisa Claire Nicola Donna Joanne Michelle Tracey Julie Karen Angela Helen Susan
        Deborah Elaine Carol Linda Patricia Margaret Janet Christine Jean Sandra Pauline Wendy
        Jacqueline Natalie Danielle Stacey Leanne Kirsty Jade Chantelle Shannon Courtney Paige Abbie
        Bethany Eleanor Hollie""".split(),
    (
        "irish",
        "M",
    ): "Sean Patrick Ciaran Conor Declan Eoin Cormac Niall Padraig Dermot Brendan Kieran".split(),
    (
        "irish",
        "F",
    ): "Siobhan Niamh Aoife Roisin Ciara Orla Sinead Caoimhe Grainne Maeve Aisling Deirdre".split(),
    ("south_asian", "M"): """Mohammed Muhammad Ali Ahmed Hassan Ibrahim Yusuf Imran Bilal Adnan Zain
        Omar Usman Faisal Tariq Arjun Rahul Amit Sanjay Vikram Rohan Harpreet Gurpreet Jaspreet Ravi
        Abdul Shahid Rizwan Kamran Nadeem Sajid""".split(),
    ("south_asian", "F"): """Fatima Aisha Maryam Zainab Ayesha Sana Hina Nadia Saima Amina Priya
        Anjali Sunita Neha Pooja Kiran Simran Harjit Manpreet Rukhsana Shabana Nasreen Farzana Shazia
        Sadia Rabia""".split(),
    ("african", "M"): """Kwame Kofi Chinedu Emeka Oluwaseun Tunde Segun Femi Yaw Kwabena Ade Chidi
        Abdi Mohamed Tendai Blessing Samuel Daniel Joseph Emmanuel""".split(),
    (
        "african",
        "F",
    ): """Chioma Ngozi Adaeze Funmilayo Folake Abena Akosua Ama Amara Zainab Hodan Fadumo
        Blessing Grace Esther Mercy Precious Joy""".split(),
    (
        "caribbean",
        "M",
    ): "Marcus Delroy Winston Leroy Clive Desmond Tyrone Jermaine Andre Dwayne Kareem Trevor".split(),
    (
        "caribbean",
        "F",
    ): "Marcia Sharon Beverley Yvonne Janice Shanice Tanisha Keisha Simone Jasmine Kezia".split(),
    ("east_european", "M"): """Jakub Piotr Tomasz Marcin Krzysztof Andrzej Pawel Michal Lukasz Adam
        Andrei Mihai Ionut Vasile Florin Darius Tomas Mantas Janis""".split(),
    (
        "east_european",
        "F",
    ): """Anna Katarzyna Agnieszka Magdalena Joanna Monika Ewa Aleksandra Natalia
        Elena Ioana Andreea Maria Gabriela Ieva Laura Inga""".split(),
    ("chinese", "M"): "Wei Jun Hao Lei Jian Ming Chen Tao Yong Kai Long Bo".split(),
    ("chinese", "F"): "Li Mei Xin Yan Hui Jing Ling Ying Fang Xiu Lan Na".split(),
    ("arab", "M"): "Ahmed Khalid Omar Yousef Tariq Karim Samir Walid Hamza Nabil".split(),
    ("arab", "F"): "Layla Noor Yasmin Rania Huda Salma Amira Dalia Reem Lina".split(),
}

_SURNAMES = {
    "british": """Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts
        Robinson Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Patel
        Jackson Wood Turner Martin Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan
        Allen James Scott Phillips Watson Davis Parker Price Bennett Young Griffiths Mitchell Kelly
        Cook Carter Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards Khan Marshall
        Anderson Simpson Ellis Adams Singh Begum Wilkinson Foster Chapman Powell Webb Rogers Gray
        Mason Ali Hunt Hussain Campbell Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd Butler
        Russell Barker Fisher Stevens Jenkins Murray Dixon Harvey Graham Pearson Ahmed Fletcher Walsh
        Kaur Gibson Howard Andrews Stewart Elliott Reynolds Saunders Payne Fox Ford Pearce Day Brooks
        West Lawrence Cole Atkinson Bradley Spencer Gill Dawson Ball Burton O'Brien Watts Rose Booth
        Perry Ryan Grant Wells Armstrong Francis Rees Hayes Hart Hudson Newman Barrett Webster Hunter
        Gregory Carr Lowe Page Marsh Riley Dunn Woods Parsons Berry Stone Reid Holland Hawkins Harding
        Porter Robertson Newton Oliver Reed Kennedy Williamson Bird Gardner Shah Dean Lane Cooke Bates
        Henderson Parry Burgess Bishop Walton Burns Nicholson Shepherd Ross Cross Long Freeman Warren
        Nicholls Hamilton Byrne Sutton McDonald Yates Hodgson Robson Curtis Hopkins O'Connor Harper
        Coleman Watkins Moss McCarthy Chambers O'Neill Griffin Sharp Hardy Wheeler Potter Osborne
        Johnston Gordon Doyle Wallace George Jordan Hutchinson Rowe Burke May Pritchard Gilbert Willis
        Higgins Read Miles Stevenson Stephenson Hammond Arnold Buckley Walters Hewitt Barber Nelson
        Slater Austin Sullivan Whitehead Mann Frost Lambert Stephens Blake Akhtar Lynch Goodwin Barton
        Woodward Thomson Cunningham Quinn Barnett Baxter Bibi Clayton Nash Greenwood Jennings Holt""".split(),
    "irish": """Murphy Kelly O'Sullivan Walsh O'Brien Byrne Ryan O'Connor O'Neill O'Reilly Doyle
        McCarthy Gallagher Doherty Kennedy Lynch Murray Quinn Moore McLoughlin Carroll Connolly Daly
        Connell Brennan""".split(),
    "south_asian": """Khan Patel Ali Hussain Ahmed Begum Singh Kaur Shah Akhtar Bibi Iqbal Mahmood
        Rahman Islam Uddin Hussein Chaudhry Malik Mirza Qureshi Sharma Kumar Gupta Mistry Parmar
        Chauhan Joshi Mehta Desai Sandhu Gill Dhillon Bains Sidhu Butt Javed Aslam Nawaz Rashid""".split(),
    "african": """Okafor Adeyemi Mensah Okoye Ibrahim Mohamed Ali Hassan Abdi Osei Boateng Asante
        Adebayo Oladipo Nwosu Eze Moyo Dube Ncube Mwangi Otieno Kamara Sesay Diallo Bangura""".split(),
    "caribbean": """Campbell Brown Williams Thomas Johnson Robinson Francis Edwards Grant Reid
        Clarke Henry Lewis Morgan Bailey Samuels Thompson Gordon Wright Stewart""".split(),
    "east_european": """Nowak Kowalski Wisniewski Wojcik Kowalczyk Kaminski Lewandowski Zielinski
        Szymanski Wozniak Dabrowski Popescu Ionescu Popa Dumitru Stan Kazlauskas Petrauskas Ozols
        Berzins Horvath Novak""".split(),
    "chinese": "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Lin Wong Chan Cheung Ng".split(),
    "arab": "Al-Sayed Haddad Mansour Khalil Nasser Saleh Hamdan Darwish Aziz Farah Yousef Abbas".split(),
}

# ONS 16+1 codes (2001), with England and Wales 2021 shares (per cent), and the name origin
# that fits each. NS ("not stated") is how an agency records an unknown, not a person's own.
ETHNICITY_16 = [
    ("W1", 74.4, "british"),
    ("W2", 0.9, "irish"),
    ("W9", 6.4, "east_european"),
    ("M1", 0.9, "british"),
    ("M2", 0.4, "african"),
    ("M3", 0.8, "south_asian"),
    ("M9", 0.9, "british"),
    ("A1", 3.1, "south_asian"),
    ("A2", 2.7, "south_asian"),
    ("A3", 1.1, "south_asian"),
    ("A9", 1.6, "south_asian"),
    ("B1", 1.0, "caribbean"),
    ("B2", 2.5, "african"),
    ("B9", 0.5, "african"),
    ("O1", 0.7, "chinese"),
    ("O9", 2.1, "arab"),
]
# 16+1 → 6+1 (the Home Office HR coding): White, Mixed, Asian, Black, Chinese, Other.
ETHNICITY_6_OF_16 = {
    "W1": "W",
    "W2": "W",
    "W9": "W",
    "M1": "M",
    "M2": "M",
    "M3": "M",
    "M9": "M",
    "A1": "A",
    "A2": "A",
    "A3": "A",
    "A9": "A",
    "B1": "B",
    "B2": "B",
    "B9": "B",
    "O1": "C",
    "O9": "O",
    "NS": "NS",
}


def given_names(origin: str, gender: str) -> list[str]:
    return _GIVEN.get((origin, gender)) or _GIVEN[("british", gender)]


def surnames(origin: str) -> list[str]:
    return _SURNAMES[origin]


NAME_ORIGINS = sorted(_SURNAMES)

OCCUPATIONS_ADULT = [
    ("Unemployed", 8),
    ("Retail assistant", 6),
    ("Labourer", 4),
    ("Care worker", 4),
    ("Driver", 4),
    ("Cleaner", 3),
    ("Warehouse operative", 4),
    ("Nurse", 2),
    ("Teacher", 2),
    ("Office administrator", 5),
    ("Chef", 2),
    ("Bar staff", 2),
    ("Electrician", 2),
    ("Plumber", 1),
    ("Builder", 3),
    ("Mechanic", 2),
    ("Accountant", 1),
    ("Engineer", 2),
    ("Sales manager", 2),
    ("Self-employed", 4),
    ("Security officer", 1),
    ("Hairdresser", 1),
    ("Software developer", 1),
    ("Student", 3),
    ("Carer (unpaid)", 2),
    ("", 10),
]

# --------------------------------------------------------------------------- places

LOCALITIES = """Northside Southfield Eastgate Westmoor Millbrook Oakwood Ashby Brookfield Hillcrest
    Kingsmead Fairview Greenacres Riverside Marshlands Highfields Thornbury Elmfield Castlefields
    Newtown Oldmarket Parkside Holloway Stanmore Birchwood Fernhill Lowfield Redhill Whitecross
    Broadmead Cherrytree Hazelmere Larkfield""".split()

STREET_STEMS = """Acorn Albion Alder Ash Aspen Balmoral Beech Birch Blackthorn Bluebell Bramble Briar
    Canal Cedar Chapel Chestnut Church Clifton Clover College Coronation Cromwell Cross Dale Derwent
    Dorset Elm Fern Field Forest Foxglove Garden Glebe Grange Granville Hawthorn Hazel Heather High
    Hill Holly Ivy Jubilee Juniper Kent King Laburnum Lancaster Larch Laurel Lime Linden Maple Manor
    Meadow Mill Mulberry Nelson Newport Oak Orchard Park Primrose Priory Queen Regent Rowan Rose
    Sandringham School Spring Station Sycamore Thistle Trinity Tudor Union Vicarage Victoria Wellington
    Westbury Willow Windsor York Abbey Avon Beacon Brook Castle Clarence Cobden Dover Eden Fairfax
    Gladstone Hampden Harcourt Kestrel Lowther Milton Norfolk Peel Raleigh Russell Severn Shelley
    Stanley Tennyson Thames Wesley""".split()
STREET_TYPES = [
    ("Road", 30),
    ("Street", 22),
    ("Close", 12),
    ("Avenue", 10),
    ("Lane", 8),
    ("Way", 6),
    ("Drive", 6),
    ("Crescent", 4),
    ("Gardens", 3),
    ("Grove", 3),
    ("Place", 2),
    ("Terrace", 2),
    ("Walk", 2),
]
BLOCK_NAMES = """Harcourt Beaumont Kingsley Ashdown Brunswick Carlton Devonshire Eastwood Fairhaven
    Glenmore Hanover Kenmore Lansdowne Mayfield Norland Oakley Pembroke Quantock Rutland Somerset
    Tamar Trafalgar Waverley Westminster""".split()
PUB_NAMES = [
    name.strip()
    for name in """The Red Lion|The Crown|The Royal Oak|The White Hart|The Swan|The Plough|The Bell|
    The King's Head|The Queen's Head|The Railway Tavern|The George|The Wheatsheaf|The Black Horse|
    The Rose and Crown|The Fox and Hounds|Club Neon|The Vault Bar|Bar Zero|The Lounge|Jak's Bar|
    The Mill Tap|Sanctuary Nightclub|The Brewhouse|The Corner House""".split("|")
]
SHOP_NAMES = [
    name.strip()
    for name in """Eastbrook Convenience Store|Market Newsagents|Quickmart|Value Stores|High Street Pharmacy|
    Brook Bakery|Corner Shop|Fashion Point|Phone Repair Centre|Discount Warehouse|Home Hardware|
    Eastbrook Jewellers|Sports Direct Outlet|Charity Shop|Superstore""".split("|")
]
