namespace LsatsHub.Simulator.Generation;

/// <summary>Names and words the generator draws from.</summary>
internal static class NamePools
{
    public static readonly string[] FirstNames =
    [
        "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth", "William", "Barbara",
        "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen", "Christopher", "Lisa", "Daniel", "Nancy",
        "Matthew", "Betty", "Anthony", "Margaret", "Mark", "Sandra", "Donald", "Ashley", "Steven", "Kimberly", "Paul", "Emily",
        "Andrew", "Donna", "Joshua", "Michelle", "Kenneth", "Carol", "Kevin", "Amanda", "Brian", "Melissa", "George", "Deborah",
        "Wei", "Priya", "Hiroshi", "Fatima", "Olga", "Kwame", "Ana", "Raj", "Mei", "Ahmed", "Ingrid", "Tariq", "Yuki", "Lucia",
        "Arjun", "Chen", "Aisha", "Dmitri", "Sofia", "Omar", "Hana", "Mateo", "Nia", "Ravi", "Elena", "Kofi", "Ling", "Sven",
    ];

    public static readonly string[] NonAsciiFirstNames = ["José", "Zoë", "Björn", "Renée", "Søren", "Łukasz", "Chloé", "Jürgen", "Ñusta", "Ines", "Ãngela", "François"];

    public static readonly string[] LastNames =
    [
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Hernandez", "Lopez",
        "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White",
        "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott",
        "Torres", "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell",
        "Carter", "Roberts", "Patel", "Kim", "Chen", "Wang", "Singh", "Kumar", "Tanaka", "Ivanova", "Okafor", "Haddad", "Kowalski",
        "Schmidt", "Rossi", "Novak", "Yamamoto", "Mensah", "Larsen", "Cohen", "Park", "Zhang", "Ali", "Fischer", "Dubois",
    ];

    public static readonly string[] NonAsciiLastNames = ["Müller", "Nguyễn", "Østergaard", "Peña", "Gößling", "Çelik", "Dvořák", "Sørensen", "Ibáñez", "Žukauskas"];

    public static readonly string[] QuotedLastNames = ["O'Brien", "D'Angelo", "O'Connor", "Smith, Jr.", "Lee, III", "N'Diaye"];

    public static readonly string[] FacultyTitles = ["Professor", "Associate Professor", "Assistant Professor", "Research Professor", "Professor Emeritus"];

    public static readonly string[] StaffTitles =
    [
        "Administrative Assistant Senior", "Admin Coord/Project Coord", "IT Support Specialist", "Accountant Intermediate",
        "Student Services Assistant", "Business Administrator", "Communications Specialist", "Research Administrator",
        "Facilities Coordinator", "Information Technology Senior", "Human Resources Generalist", "Department Manager",
    ];

    /// <summary>Titles the lab-manager rules (docs/silver-model.md, Lab managers) ignore, so only designated managers match.</summary>
    public static readonly string[] LabMemberTitles =
    [
        "Research Associate", "Research Assistant", "Postdoctoral Scholar", "Research Computer Specialist", "Research Area Specialist",
        "Student Research Assistant",
    ];

    /// <summary>Tier-1 manager titles and their job codes (docs/silver-model.md, Lab managers).</summary>
    public static readonly (string Title, string JobCode)[] ManagerTitles =
    [
        ("Lab Manager", "102945"), ("Laboratory Manager", "102929"), ("Lab Coordinator", "102946"), ("Research Lab Specialist Lead", "102909"),
    ];

    public static readonly string[] Regions = ["RSN", "EastHall", "MLB", "BSB", "Randall", "Central"];

    /// <summary>LSA departments: name, abbreviation (2–6 letters), OU name.</summary>
    public static readonly (string Name, string Abbreviation, string Ou)[] LsaDepartments =
    [
        ("LSA Chemistry", "chem", "Chemistry"), ("LSA Physics", "phys", "Physics"), ("LSA Ecology & Evolutionary Biology", "eeb", "EEB"),
        ("LSA Molecular, Cellular & Developmental Biology", "mcdb", "MCDB"), ("LSA Psychology", "psych", "Psychology"),
        ("LSA Earth & Environmental Sciences", "earth", "Earth"), ("LSA Astronomy", "astro", "Astronomy"), ("LSA Mathematics", "math", "Mathematics"),
        ("LSA Statistics", "stats", "Statistics"), ("LSA Linguistics", "ling", "Linguistics"), ("LSA Anthropology", "anthro", "Anthropology"),
        ("LSA Biophysics", "biop", "Biophysics"), ("LSA Economics", "econ", "Economics"), ("LSA Sociology", "soc", "Sociology"),
        ("LSA History", "hist", "History"), ("LSA Philosophy", "phil", "Philosophy"), ("LSA Computer Science", "cs", "CSE"),
        ("LSA Neuroscience", "neuro", "Neuroscience"), ("LSA Political Science", "polsci", "PoliSci"), ("LSA English", "engl", "English"),
    ];

    public static readonly string[] Subjects =
    [
        "Cardiology", "Oncology", "Radiology", "Pediatrics", "Surgery", "Nursing", "Architecture", "Aerospace", "Materials", "Music Theory",
        "Dance", "Finance", "Marketing", "Epidemiology", "Biostatistics", "Library Services", "Facilities", "Admissions", "Athletics",
        "Dentistry", "Pharmacy", "Social Work", "Urban Planning", "Public Policy", "Kinesiology", "Information", "Law", "Education",
    ];

    public static readonly string[] UnitSuffixes = ["Administration", "Research", "Clinical Operations", "Operations", "Programs", "Support", "Department", "Institute"];

    public static readonly string[] GroupWords = ["faculty", "staff", "grads", "undergrads", "seminar", "admins", "committee", "alumni", "news", "help", "safety", "computing", "reading", "events"];

    public static readonly string[] Sponsors =
    [
        "National Science Foundation", "National Institutes of Health", "Department of Energy", "Alfred P. Sloan Foundation",
        "Howard Hughes Medical Institute", "U.S. Department of Defense, Army Research Office", "Simons Foundation", "NASA",
        "W. M. Keck Foundation", "Department of Health and Human Services, \"NIH\" Office",
    ];

    public static readonly string[] AwardTopics =
    [
        "Mechanisms of", "Dynamics of", "Evolution of", "A Study of", "Modeling", "Imaging", "Collaborative Research: ", "CAREER: ",
    ];

    public static readonly string[] AwardSubjects =
    [
        "Protein Folding", "Coral Reef Resilience", "Dark Matter Halos", "Language Acquisition", "Catalytic Surfaces", "Neural Circuits",
        "Glacial Hydrology", "Quantum Materials", "Social Networks, Trust and Cooperation", "Exoplanet Atmospheres", "Soil Microbiomes",
    ];

    public static readonly (string Manufacturer, string Model, string Os, string OsVersion)[] Hardware =
    [
        ("Dell", "OptiPlex 7090", "Windows 11 Enterprise", "10.0 (22631)"),
        ("Dell", "Precision 3660", "Windows 11 Enterprise", "10.0 (22631)"),
        ("Dell", "Latitude 7440", "Windows 10 Enterprise", "10.0 (19045)"),
        ("HP", "Z4 G5 Workstation", "Windows 11 Enterprise", "10.0 (22631)"),
        ("Lenovo", "ThinkPad T14 Gen 4", "Windows 11 Enterprise", "10.0 (22621)"),
        ("Apple", "MacBook Pro (14-inch, 2023)", "macOS Sonoma", "14.4"),
        ("Apple", "iMac (24-inch, 2021)", "macOS Ventura", "13.6"),
        ("Dell", "PowerEdge R650", "Ubuntu 22.04 LTS", "22.04"),
    ];

    public static readonly byte[][] Ouis = [[0x00, 0x14, 0x22], [0xF8, 0xBC, 0x12], [0x3C, 0x22, 0xFB], [0xA4, 0xBB, 0x6D], [0x98, 0xFA, 0x9B], [0x00, 0x50, 0x56]];
}
