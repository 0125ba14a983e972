"""Name pools for the generated crowd, chosen to exercise search: accents, hyphens, apostrophes,
non-Latin scripts and transliterations. Each culture gives (given names, family names, format)."""

from __future__ import annotations

from dataclasses import dataclass


def _names(text: str) -> tuple[str, ...]:
    """Pools are written as comma-separated text to keep this data file readable."""
    return tuple(item.strip() for item in text.split(",") if item.strip())


@dataclass(frozen=True, slots=True)
class Culture:
    given: tuple[str, ...]
    family: tuple[str, ...]
    family_first: bool = False  # e.g. Vietnamese and Chinese put the family name first
    joiner: str = " "
    weight: int = 1


CULTURES: tuple[Culture, ...] = (
    Culture(
        given=_names(
            "James, Olivia, Liam, Emma, Noah, Ava, Ethan, Mia, Lucas, Harper, Benjamin, Amelia, Henry, "
            "Charlotte, Jack, Grace, Owen, Chloe, Daniel, Emily, Michael, Sophia, David, Hannah, "
            "Samuel, Ella, Ryan, Abigail, Nathan, Lily, Caleb, Zoe"
        ),
        family=_names(
            "Johnson, Brown, Taylor, Anderson, Thomas, Moore, Martin, Jackson, Thompson, White, "
            "Harris, Clark, Lewis, Walker, Hall, Young, King, Wright, Scott, Green, Baker, Adams, "
            "Nelson, Hill, Campbell, Mitchell, Roberts, Carter, Phillips, Evans"
        ),
        weight=6,
    ),
    Culture(
        given=_names(
            "José, María, Sofía, Martín, Lucía, Andrés, Joaquín, Inés, Camila, Raúl, Ramón, Ángel, "
            "Mónica, Rubén, Begoña, Nicolás, Valentina, Sebastián, Ximena, João, Conceição"
        ),
        family=_names(
            "García, Martínez, Rodríguez, Hernández, López, González, Pérez, Sánchez, Ramírez, Gómez, "
            "Díaz, Muñoz, Jiménez, Núñez, Peña, Gonçalves, Simões, Araújo, Castillo"
        ),
        weight=3,
    ),
    Culture(
        given=_names("François, Hélène, Zoé, Chloé, Benoît, Loïc, Léa, Gaëlle, Jérôme, Céline, Anaïs"),
        family=_names("Lefèvre, Bélanger, Côté, Gagné, Léger, Fournier, Mercier, Rousseau, Béranger"),
        weight=2,
    ),
    Culture(
        given=_names("Jürgen, Björn, Søren, Åsa, Märta, Jörg, Lena, Matthias, Ingrid, Ørjan, Freja"),
        family=_names("Müller, Schröder, Groß, Sørensen, Lindqvist, Østergaard, Weiß, Köhler, Nyström"),
        weight=2,
    ),
    Culture(
        given=_names("Łukasz, Małgorzata, Wojciech, Zofia, Jiří, Tomáš, Kateřina, Agnieszka, Paweł"),
        family=_names("Wiśniewski, Kowalczyk, Dvořák, Nowak, Wójcik, Procházka, Łukasik, Szczepańska"),
        weight=2,
    ),
    Culture(
        given=_names("Seán, Siobhán, Niamh, Aoife, Ciarán, Pádraig, Róisín, Eoin"),
        family=_names("O'Connor, D'Angelo, O'Neill, McCarthy, N'Diaye, O'Sullivan, D'Souza"),
        weight=2,
    ),
    Culture(
        given=_names("Anne-Marie, Jean-Luc, Jean-Pierre, Marie-Claire, Hans-Peter, Ana-Lucía"),
        family=_names("Smith-Jones, García-López, Lloyd-Davies, Müller-Lüdenscheidt, Bowes-Lyon, Ortiz-Rey"),
        weight=1,
    ),
    Culture(
        given=_names("Thị Hương, Văn Tuấn, Minh Anh, Ngọc Linh, Thị Phương, Văn Dũng, Thu Thảo, Minh Quân"),
        family=_names("Nguyễn, Trần, Lê, Phạm, Hoàng, Vũ, Đặng, Bùi, Đỗ"),
        family_first=True,
        weight=2,
    ),
    Culture(
        given=_names("伟, 芳, 娜, 敏, 静, 磊, 洋, 艳, 勇, 杰, 军, 秀英"),
        family=_names("王, 张, 刘, 陈, 杨, 黄, 赵, 吴, 周"),
        family_first=True,
        joiner="",
        weight=2,
    ),
    Culture(
        given=_names("Wei, Xiaoming, Jing, Hao, Yan, Lei, Mei, Jun, Yu, Xin"),
        family=_names("Zhang, Liu, Chen, Yang, Huang, Zhao, Wu, Zhou, Xu, Sun"),
        weight=2,
    ),
    Culture(
        given=_names("Дмитрий, Ольга, Сергей, Екатерина, Алексей, Мария, Иван, Наталья, Михаил"),
        family=_names("Иванов, Смирнова, Кузнецов, Соколова, Попов, Волкова, Морозов, Лебедева"),
        weight=2,
    ),
    Culture(
        given=_names("Mohammed, Ahmed, Fatima, Aisha, Omar, Layla, Youssef, Khalid, Noor, Hassan"),
        family=_names("Al-Sayed, Haddad, Abdullah, El-Amin, Mansour, Khoury, Al-Farsi, Nasser, Saleh"),
        weight=2,
    ),
    Culture(given=_names("محمد, فاطمة, علي, ليلى, يوسف"), family=_names("العلي, حداد, منصور, خوري"), weight=1),
    Culture(
        given=_names("Aarav, Vikram, Ananya, Rohan, Diya, Arjun, Kavya, Sanjay, Deepika, Ishaan"),
        family=_names("Sharma, Patel, Gupta, Reddy, Iyer, Nair, Singh, Kumar, Mehta, Chatterjee"),
        weight=3,
    ),
    Culture(
        given=_names("Chinedu, Amara, Kwame, Thandiwe, Oluwaseun, Ngozi, Kofi, Zanele, Tendai"),
        family=_names("Nwosu, Mensah, Ndlovu, Adeyemi, Okonkwo, Boateng, Dlamini, Mutasa"),
        weight=2,
    ),
    Culture(
        given=_names("Çağla, Gökhan, Şebnem, İlker, Ayşe, Emre, Elif, Burak"),
        family=_names("Yılmaz, Öztürk, Şahin, Çelik, Aydın, Doğan"),
        weight=1,
    ),
    Culture(
        given=_names("Haruto, Yui, Sota, Hina, Min-jun, Ji-woo, Seo-yeon, Do-yoon"),
        family=_names("Sato, Tanaka, Suzuki, Watanabe, Park, Choi, Jung, Kang"),
        weight=2,
    ),
)

# Latin spellings for e-mail addresses of names in non-Latin scripts.
ROMANIZED: dict[str, str] = dict(
    pair.split("=")
    for pair in _names(
        "伟=wei, 芳=fang, 娜=na, 敏=min, 静=jing, 磊=lei, 洋=yang, 艳=yan, 勇=yong, 杰=jie, 军=jun, "
        "秀英=xiuying, 王=wang, 张=zhang, 刘=liu, 陈=chen, 杨=yang, 黄=huang, 赵=zhao, 吴=wu, 周=zhou, "
        "Дмитрий=dmitry, Ольга=olga, Сергей=sergey, Екатерина=ekaterina, Алексей=alexey, "
        "Мария=maria, Иван=ivan, Наталья=natalya, Михаил=mikhail, Иванов=ivanov, "
        "Смирнова=smirnova, Кузнецов=kuznetsov, Соколова=sokolova, Попов=popov, Волкова=volkova, "
        "Морозов=morozov, Лебедева=lebedeva, محمد=mohammed, فاطمة=fatima, علي=ali, ليلى=layla, "
        "يوسف=youssef, العلي=alali, حداد=haddad, منصور=mansour, خوري=khoury"
    )
)

EMAIL_DOMAINS = _names("example.com, example.org, example.net, mail.example")
POSITIONS = _names(
    "Software Engineer, Senior Software Engineer, Product Designer, Data Analyst, Account Executive, "
    "Customer Success Lead, Engineering Manager, Financial Analyst, Marketing Specialist, ML Engineer"
)
COMPANIES = _names("Globex, Initech, Umbrella Labs, Hooli, Vandelay Industries, Soylent, Wonka Works, Acme Rival")
SCHOOLS = _names("State University, Institute of Technology, City College, Polytechnic University, Open University")
TIMEZONES = _names("America/Los_Angeles, America/New_York, Europe/London, Europe/Berlin, Asia/Singapore")
NOTE_TEXTS = (
    "Spoke briefly at the meetup; keen on the role.",
    "Prefers a start date after the summer.",
    "Referred by a former colleague on the platform team.",
    "Asked about remote flexibility and visa support.",
    "Strong portfolio; follow up after the screen.",
)
FEEDBACK_TEXTS = (
    "Clear communicator; solid fundamentals.",
    "Struggled with the system design portion.",
    "Great collaboration signals, would work well with the team.",
    "Needs more depth in the core skills for this level.",
    "Excellent problem solving and ownership stories.",
)
