"""Candidate resolution at scale: latency and accuracy against a plain full scan, index build time and memory.

Builds an index of N (default 100,000) generated candidates with diverse names (many scripts and
languages, accents, hyphens, particles, middle names, a long tail of rare surnames) and about 1.5
applications each, then resolves:

* a typo set: real indexed names (unique ones, so each query has one right answer) with one edit, the
  tokens swapped, both, the accents dropped, or the punctuation dropped;
* exact names, first names only, and emails, for latency.

Top-1 accuracy counts the first match (found or ambiguous); the outcome columns show how often the
resolver committed to the right candidate, offered a picker containing it, or committed to a wrong one.
The floor is ``rapidfuzz.process.extractOne(query, names, scorer=fuzz.WRatio)`` over all names (with
rapidfuzz's ``default_process``), which always guesses.

    .venv/bin/python benchmarks/resolver.py [--candidates N] [--queries N] [--seed N]
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
import tracemalloc
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process, utils

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ashby.index import CandidateIndex
from ashby.normalize import compact, normalize
from ashby.resolver import CandidateResolver

# -- a deterministic name generator ----------------------------------------------------------------------

#: (weight, given names, surnames, joins surname first without a space) per naming tradition.
CULTURES: dict[str, tuple[float, str, str, bool]] = {
    "english": (
        18,
        "James John Robert Michael William David Richard Joseph Thomas Charles Christopher Daniel Matthew "
        "Anthony Mark Steven Paul Andrew Joshua Kevin Brian George Edward Ronald Timothy Jason Jeffrey Ryan "
        "Jacob Gary Nicholas Eric Jonathan Stephen Larry Justin Scott Brandon Benjamin Samuel Gregory "
        "Alexander Patrick Frank Raymond Jack Dennis Jerry Tyler Aaron Jon Alex Mary Patricia Jennifer Linda "
        "Elizabeth Barbara Susan Jessica Sarah Sara Karen Lisa Nancy Betty Margaret Sandra Ashley Kimberly "
        "Emily Donna Michelle Carol Amanda Dorothy Melissa Deborah Stephanie Rebecca Sharon Laura Cynthia "
        "Kathleen Amy Angela Shirley Anna Brenda Pamela Emma Nicole Helen Samantha Katherine Christine "
        "Debra Rachel Carolyn Janet Catherine Maria Heather Diane Ruth Julie Olivia Joyce Virginia Victoria "
        "Kelly Lauren Christina Joan Evelyn Judith Megan Andrea Cheryl Hannah Jacqueline Martha Gloria "
        "Teresa Ann Madison Frances Kathryn Janice Jean Abigail Alice Judy Sophia Grace Denise Amber Doris "
        "Marilyn Danielle Beverly Isabella Theresa Diana Natalie Brittany Charlotte Marie Kayla Alexis Lori "
        "Jane Mary-Jane Jo-Ann Billie-Jo",
        "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Martin Jackson "
        "Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott Hill Green Adams "
        "Baker Nelson Carter Mitchell Roberts Turner Phillips Campbell Parker Evans Edwards Collins Stewart "
        "Morris Murphy Cook Rogers Morgan Peterson Cooper Reed Bailey Bell Kelly Howard Ward Cox Richardson "
        "Wood Watson Brooks Bennett Gray James Hughes Price Sanders Myers Long Ross Foster Powell Jenkins "
        "Perry Russell Sullivan Fisher Henderson Coleman Simmons Patterson Jordan Reynolds Hamilton Graham "
        "Wallace West Cole Hayes Bryant Gibson Ellis Stevens Murray Ford Marshall Owens McDonald Harrison "
        "Kennedy Wells Dixon Robertson Black Daniels Palmer Mills Nichols Grant Knight Ferguson Stone "
        "Hawkins Dunn Perkins Hudson Spencer Stephens Pierce Hansen Doe Dooley Watson-Parker Smyth Nilsson",
        False,
    ),
    "spanish": (
        10,
        "José Juan Luis Carlos Jesús Antonio Francisco Miguel Ángel Alejandro Javier Manuel Rafael Sergio "
        "Pablo Andrés Fernando Diego Raúl Álvaro Iván Rubén Óscar Adrián Víctor Joaquín Ramón Tomás Martín "
        "María Carmen Ana Isabel Laura Lucía Marta Elena Sofía Paula Cristina Raquel Beatriz Inés Pilar "
        "Rocío Nuria Silvia Patricia Mónica Natalia Verónica Alicia Teresa Montserrat Begoña Ainhoa "
        "Juan-Carlos María-José José-Luis",
        "García Fernández González Rodríguez López Martínez Sánchez Pérez Gómez Martín Jiménez Ruiz "
        "Hernández Díaz Moreno Muñoz Álvarez Romero Alonso Gutiérrez Navarro Torres Domínguez Vázquez "
        "Ramos Gil Ramírez Serrano Blanco Molina Morales Suárez Ortega Delgado Castro Ortiz Rubio Marín "
        "Sanz Núñez Iglesias Medina Garrido Cortés Castillo Santos Lozano Guerrero Cano Prieto Méndez "
        "Cruz Calvo Gallego Vidal León Márquez Herrera Peña Flores Cabrera Campos Vega Fuentes Carrasco "
        "Diez Caballero Reyes Nieto Aguilar Pascual Santana Herrero Montero Lorenzo Hidalgo Giménez Ibáñez "
        "Ferrer Durán Santiago Benítez Mora Vicente Vargas Arias Carmona Crespo Román Pastor Soto Sáez "
        "Velasco Moya Soler Parra Esteban Bravo Gallardo Rojas de-la-Cruz del-Río",
        False,
    ),
    "portuguese": (
        4,
        "João Pedro Tiago Gonçalo Rodrigo Diogo Rafael André Bruno Luís Mariana Beatriz Inês Ana Joana "
        "Carolina Leonor Matilde Sofia Margarida Conceição Graça Fátima Luíza Vitória",
        "Silva Santos Ferreira Pereira Oliveira Costa Rodrigues Martins Jesus Sousa Fernandes Gonçalves "
        "Gomes Lopes Marques Alves Almeida Ribeiro Pinto Carvalho Teixeira Moreira Correia Mendes Nunes "
        "Soares Vieira Monteiro Cardoso Rocha Raposo Neves Coelho Cruz Cunha Pires Ramos Reis Simões "
        "Antunes Matos Fonseca Magalhães Brandão Guimarães Conceição",
        False,
    ),
    "french": (
        5,
        "Jean Pierre Michel André Philippe René Louis Alain Jacques Bernard Marcel Daniel Roger Robert Paul "
        "François Hélène Élise Chloé Léa Manon Camille Zoé Inès Maëlle Océane Amélie Mathéo Théo Raphaël "
        "Jérôme Stéphane Frédéric Sébastien Aurélien Benoît Cédric Gaëlle Noémie Anaïs Jean-Luc Jean-Pierre "
        "Marie-Claire Anne-Sophie",
        "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefèbvre "
        "Lefèvre Michel Garcia David Bertrand Roux Vincent Fournier Morel Girard André Mercier Dupont "
        "Lambert Bonnet François Martinez Legrand Garnier Faure Rousseau Blanc Guérin Muller Henry Roussel "
        "Nicolas Perrin Morin Mathieu Clément Gauthier Dumont Lopez Fontaine Chevalier Robin Masson "
        "Sanchez Gérard Nguyen Boyer Denis Lemaire Duval Joly Gautier Roger Roche Roy Noël Meyer Lucas "
        "Meunier Jean Pérez Marchand Dufour Blanchard Barbier Brun Dumas Brunet Schmitt Leroux Colin "
        "Fernandez d'Arcy de-Villiers Lévêque Bénard Thébault",
        False,
    ),
    "german": (
        6,
        "Jürgen Günter Klaus Hans Dieter Wolfgang Uwe Jörg Stefan Andreas Thomas Michael Frank Matthias "
        "Sebastian Lukas Jonas Leon Finn Felix Maximilian Björn Sören Jörn Ursula Gisela Brigitte Renate "
        "Sabine Petra Monika Jutta Anja Katrin Susanne Birgit Heike Kerstin Jana Lea Lena Mia Hannah Jule "
        "Käthe Gülay Hans-Peter Karl-Heinz",
        "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch Bauer "
        "Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange "
        "Schmitt Werner Schmitz Krause Meier Lehmann Schmid Schulze Maier Köhler Herrmann König Walter "
        "Mayer Huber Kaiser Fuchs Peters Lang Scholz Möller Weiß Jung Hahn Schubert Vogel Friedrich Keller "
        "Günther Frank Berger Winkler Roth Beck Lorenz Baumann Franke Albrecht Schuster Simon Ludwig Böhm "
        "Winter Kraus Martin Schumacher Krämer Vogt Stein Jäger Otto Sommer Groß Seidel Heinrich Brandt "
        "Haas Schreiber Graf Schulte Dietrich Ziegler Kuhn Kühn Pohl Engel Horn Busch Bergmann Thomas "
        "Voigt Sauer Arnold Wolff Pfeiffer von-Bülow zu-Guttenberg Straße",
        False,
    ),
    "polish": (
        4,
        "Łukasz Paweł Michał Krzysztof Piotr Tomasz Wojciech Grzegorz Mateusz Jakub Kamil Marcin Rafał "
        "Bartłomiej Małgorzata Agnieszka Katarzyna Joanna Zofia Łucja Żaneta Grażyna Jadwiga Urszula "
        "Bożena Halina Elżbieta Dorota Magdalena Weronika",
        "Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Szymański Woźniak "
        "Dąbrowski Kozłowski Jankowski Mazur Wojciechowski Kwiatkowski Krawczyk Kaczmarek Piotrowski "
        "Grabowski Zając Pawłowski Michalski Król Wieczorek Jabłoński Wróbel Nowakowski Majewski Olszewski "
        "Stępień Malinowski Jaworski Adamczyk Dudek Nowicki Pawlak Górski Witkowski Walczak Sikora Baran "
        "Rutkowski Michalak Szewczyk Ostrowski Tomaszewski Pietrzak Żółć Łęcki Ślusarczyk Gołębiowski "
        "Przybyszewski Brzęczyszczykiewicz",
        False,
    ),
    "nordic": (
        3,
        "Bjørn Søren Åsa Øystein Lars Nils Erik Anders Magnus Sven Olav Håkon Kjell Torbjørn Ingrid Astrid "
        "Sigrid Solveig Liv Maja Elin Åse Märta Björk Guðrún Sigurður Þóra Jón",
        "Hansen Johansen Olsen Larsen Andersen Pedersen Nilsen Kristiansen Jensen Karlsen Johnsen "
        "Pettersen Eriksen Berg Haugen Hagen Johannessen Andreassen Jacobsen Dahl Jørgensen Halvorsen "
        "Henriksen Lund Sørensen Jakobsen Moen Gundersen Iversen Strand Solberg Svendsen Eide Knutsen "
        "Martinsen Paulsen Bakken Kristoffersen Mathisen Lie Amundsen Nguyen Rasmussen Ødegård Åberg "
        "Lindqvist Söderström Johansson Nilsson Karlsson Andersson Pettersson Gustafsson Lindström "
        "Bäckström Þórsdóttir Guðmundsson Sigurðardóttir",
        False,
    ),
    "irish": (
        3,
        "Seán Siobhán Aoife Niamh Caoimhe Saoirse Oisín Cillian Pádraig Ciarán Éanna Róisín Sinéad Máire "
        "Eoin Cathal Dara Fionn Órla Deirdre",
        "O'Brien O'Sullivan O'Connor O'Neill O'Reilly O'Connell Ó-Súilleabháin Murphy Kelly Walsh Byrne "
        "Ryan Doyle McCarthy Gallagher Doherty Kennedy Lynch Murray Quinn Moore McLaughlin Carroll "
        "Connolly Daly Brennan Burke Collins Campbell Clarke Johnston Hughes Farrell Fitzgerald Brown "
        "Martin Maguire Nolan Flynn Thompson Callaghan MacMahon Mac-Giolla",
        False,
    ),
    "italian": (
        4,
        "Giuseppe Giovanni Antonio Mario Luigi Francesco Angelo Vincenzo Pietro Salvatore Carlo Franco "
        "Domenico Bruno Paolo Niccolò Nicolò Maria Anna Giuseppina Rosa Angela Giovanna Teresa Lucia "
        "Carmela Caterina Francesca Chiara Giulia Martina",
        "Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti "
        "De-Luca Mancini Costa Giordano Rizzo Lombardi Moretti Barbieri Fontana Santoro Mariani Rinaldi "
        "Caruso Ferrara Galli Martini Leone Longo Gentile Martinelli Vitale Lombardo Serra Coppola "
        "De-Santis D'Angelo D'Amico Marchetti Parisi Villa Conte Ferraro Ferri Fabbri Bianco Marini "
        "Grasso Valentini Messina Sala De-Angelis Gatti Pellegrini Palumbo Sanna Farina Rizzi Monti "
        "Cattaneo Morelli Amato Silvestri Mazza Testa Grassi Pellegrino Carbone Giuliani Benedetti "
        "Barone Rossetti Caputo Montanari Guerra Palmieri Bernardi Martino Fiore De-Rosa Ferretti "
        "Bellini Basile Riva Donati Piras Vitali Battaglia Sartori Neri Costantini Milani Pagano Ruggiero",
        False,
    ),
    "dutch": (
        2,
        "Jan Pieter Kees Hendrik Willem Joost Bram Daan Sander Femke Anouk Sanne Lotte Fleur Eva Maartje "
        "Geert Sjoerd Ruud Marijke",
        "de-Jong Jansen de-Vries van-den-Berg van-Dijk Bakker Janssen Visser Smit Meijer de-Boer Mulder "
        "de-Groot Bos Vos Peters Hendriks van-Leeuwen Dekker Brouwer de-Wit Dijkstra Smits de-Graaf "
        "van-der-Meer van-der-Linden Kok Jacobs de-Haan Vermeulen van-den-Heuvel van-der-Veen "
        "van-den-Broek de-Bruijn de-Bruin van-der-Heijden Schouten van-Beek Willems van-Vliet "
        "van-de-Ven Hoekstra Maas Verhoeven Koster van-Dam van-der-Wal Prins Blom Huisman",
        False,
    ),
    "turkish": (
        2,
        "Mehmet Mustafa Ahmet Ali Hüseyin Hasan İbrahim İsmail Osman Yusuf Murat Ömer Ramazan Halil Süleyman "
        "Fatma Ayşe Emine Hatice Zeynep Elif Meryem Şerife Zehra Sultan Hülya Gül Özlem Çiğdem Işıl",
        "Yılmaz Kaya Demir Şahin Çelik Yıldız Yıldırım Öztürk Aydın Özdemir Arslan Doğan Kılıç Aslan "
        "Çetin Kara Koç Kurt Özkan Şimşek Polat Özcan Korkmaz Çakır Erdoğan Yavuz Can Acar Şen Aktaş "
        "Güler Yalçın Güneş Bozkurt Bulut Keskin Ünal Turan Gül Özer Işık Kaplan Avcı Sarı Tekin Taş",
        False,
    ),
    "vietnamese": (
        3,
        "Anh Bảo Châu Dũng Đức Giang Hải Hạnh Hiếu Hoa Hùng Hương Khánh Lan Linh Long Mai Minh Nam Ngọc "
        "Phương Quân Quang Thảo Thủy Trang Trung Tuấn Việt Xuân Văn-Đức Thị-Mai",
        "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Trương Mai Lâm",
        False,
    ),
    "chinese_latin": (
        7,
        "Wei Fang Min Jing Li Jun Yan Hui Lei Ping Ying Hong Gang Xin Yu Hao Chen Yang Lin Xiaoming "
        "Xiaohong Jianguo Zhiwei Yifan Zihan Haoran Yuxuan Ziyi Mingyu Jiahui Shuang Tingting Lili Qiang",
        "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Gao Lin Luo Zheng Liang "
        "Xie Song Tang Han Feng Deng Cao Peng Zeng Xiao Tian Dong Pan Yuan Cai Jiang Yu Du Ye Cheng Wei "
        "Su Lu Ding Ren Shen Yao Tan Lam Chan Wong Leung Cheung Ng Ho Kwok Tse Chow",
        False,
    ),
    "chinese_native": (
        2,
        "伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀英 霞 平 刚 桂英 建华 志强 晓明 雨涵 子轩 浩然 欣怡 梓涵",
        "王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗 郑 梁 谢 宋 唐 许 韩 冯 邓 曹 欧阳 司马",
        True,
    ),
    "japanese": (
        2,
        "Haruto Yuto Sota Yuki Hayato Haruki Ryusei Koki Sora Sosuke Yui Hina Yuna Aoi Sakura Rin Mio Mei "
        "Akari Ichika Kenji Takeshi Hiroshi Satoshi Shōta Yūko Kōji",
        "Sato Suzuki Takahashi Tanaka Watanabe Ito Yamamoto Nakamura Kobayashi Kato Yoshida Yamada Sasaki "
        "Yamaguchi Matsumoto Inoue Kimura Hayashi Shimizu Yamazaki Mori Abe Ikeda Hashimoto Yamashita "
        "Ishikawa Nakajima Maeda Fujita Ogawa Gotō Okada Hasegawa Murakami Kondo Ishii Saitō Sakamoto",
        False,
    ),
    "korean": (
        3,
        "Min-jun Seo-yeon Ji-hoon Ha-eun Do-yun Ji-woo Seo-jun Su-bin Jae-won Ye-jin Hyun-woo Soo-ah "
        "Jin Min Hyun Jun Yuna Eun-ji Sung-min Dong-hyun",
        "Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim Han Oh Seo Shin Kwon Hwang Ahn Song Yoo Hong Jeon "
        "Ko Moon Yang Son Bae Baek Heo Nam",
        False,
    ),
    "korean_native": (1, "민준 서연 지훈 하은 도윤 지우 서준 수빈", "김 이 박 최 정 강 조 윤", True),
    "indian": (
        7,
        "Aarav Vivaan Aditya Vihaan Arjun Sai Reyansh Krishna Ishaan Shaurya Rohan Rahul Amit Vikram Raj "
        "Sanjay Suresh Ramesh Rajesh Anil Sunil Priya Ananya Diya Aadhya Saanvi Isha Kavya Riya Neha "
        "Pooja Anjali Deepika Divya Shreya Lakshmi Meera Sneha Swati Nandini Venkatesh Srinivas Karthik",
        "Sharma Verma Gupta Singh Kumar Patel Shah Mehta Joshi Desai Reddy Rao Nair Menon Iyer Iyengar "
        "Pillai Naidu Chowdhury Banerjee Chatterjee Mukherjee Ghosh Das Bose Sen Dutta Kapoor Khanna "
        "Malhotra Arora Bhatia Chopra Agarwal Bansal Jain Saxena Srivastava Mishra Pandey Tiwari Dubey "
        "Venkataraman Subramanian Krishnamurthy Ramachandran Balasubramanian Raghunathan Narayanan",
        False,
    ),
    "arabic": (
        4,
        "Mohammed Muhammad Mohamed Ahmed Ahmad Ali Omar Hassan Hussein Khalid Youssef Ibrahim Abdullah "
        "Mahmoud Mustafa Karim Tariq Ziad Fatima Aisha Mariam Layla Noor Zainab Huda Salma Yasmin Rania "
        "Leila Amira Hala Dalia Abdel-Rahman",
        "Al-Sayed Al-Hashimi Al-Rashid Al-Farsi Haddad Khoury Nasser Hamdan Saleh Mansour Awad Aziz "
        "Khalil Hassan Hussein Ibrahim Jaber Abboud Bakr Darwish Farouk Ghanem Habib Kassab Mahfouz "
        "Najjar Qasim Rahman Sabbagh Shaheen Suleiman Taha Yassin Zaki El-Amin Abu-Bakr bin-Laden",
        False,
    ),
    "russian_latin": (
        3,
        "Alexei Dmitri Sergei Ivan Mikhail Andrei Nikolai Vladimir Pavel Yuri Oleg Igor Anastasia Olga "
        "Tatiana Natalia Svetlana Ekaterina Irina Yulia Daria Ksenia Anna Maria",
        "Ivanov Smirnov Kuznetsov Popov Vasiliev Petrov Sokolov Mikhailov Novikov Fedorov Morozov Volkov "
        "Alekseev Lebedev Semenov Egorov Pavlov Kozlov Stepanov Nikolaev Orlov Andreev Makarov Nikitin "
        "Zakharov Ivanova Smirnova Petrova Volkova Kuznetsova Shevchenko Kovalenko Bondarenko Tkachenko",
        False,
    ),
    "cyrillic": (
        2,
        "Анна Мария Ольга Татьяна Наталья Елена Ирина Светлана Юлия Алексей Дмитрий Сергей Иван Михаил "
        "Андрей Николай Владимир Павел Юрий Фёдор Артём Пётр Ёлка",
        "Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Фёдоров Морозов Волков "
        "Петрова Иванова Смирнова Ковалёва Лебедева Семёнова Королёва Шевченко Коваленко",
        False,
    ),
    "greek": (
        1,
        "Γιώργος Γιάννης Κώστας Δημήτρης Νίκος Παναγιώτης Μαρία Ελένη Αικατερίνη Βασιλική Σοφία Άννα "
        "Georgios Ioannis Konstantinos Dimitrios Nikolaos Eleni Sofia",
        "Παπαδόπουλος Παπαδοπούλου Νικολάου Γεωργίου Οικονόμου Παπαδάκης Βλάχος Αγγελόπουλος "
        "Papadopoulos Nikolaou Georgiou Oikonomou Papadakis Vlachos Angelopoulos Karagiannis",
        False,
    ),
    "african": (
        4,
        "Chukwuemeka Oluwaseun Adebayo Chinedu Ngozi Folake Abimbola Oluwadamilare Kwame Kofi Ama Akosua "
        "Yaw Kwabena Thabo Sipho Lerato Nomvula Themba Zanele Tendai Tatenda Wanjiru Kamau Njeri Otieno "
        "Achieng Amara Zuri Nia Emeka Ifeoma Babajide Temitope",
        "Okonkwo Adeyemi Okafor Eze Nwosu Ogunleye Balogun Adebayo Olawale Mensah Owusu Boateng Asante "
        "Appiah Osei Agyeman Nkosi Dlamini Ndlovu Mokoena Khumalo Mahlangu Moyo Ncube Mutasa Kamau Mwangi "
        "Otieno Ochieng Wanjiku Kiprop Kipchoge Abubakar Danjuma Ibekwe Uchenna",
        False,
    ),
}

#: Syllables for made-up rare surnames (split on spaces).
SYLLABLES = (
    "ka ri mo ta le na so vi de ro ma lu be ni sa to ra ko mi el an or in ar us ha ze po gi fa ve du "
    "bran stel mar wick thorn ley dal win ford ham ton berg stein feld mann holm gaard quist ello azzi "
    "escu ovic enko ian yan oglu ides opoulos akis shvili adze ova ski ska wicz czyk ez es inho ão"
)

DOMAINS = (
    "gmail.com",
    "outlook.com",
    "yahoo.com",
    "proton.me",
    "icloud.com",
    "example.org",
    "mail.de",
    "web.de",
)


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    name: str
    email: str
    given: str


def _pool(text: str) -> list[str]:
    return [word.replace("-", " ") if word[0].islower() else word for word in text.split()]


class NameGenerator:
    """Names as a mixed workforce and applicant pool would have them."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.cultures = [
            (name, _pool(given), _pool(family), joined) for name, (_, given, family, joined) in CULTURES.items()
        ]
        self.weights = [weight for weight, *_ in CULTURES.values()]
        self.syllables = SYLLABLES.split()

    def _rare_surname(self, family: list[str]) -> str:
        """The long tail: made-up surnames, sometimes with the tradition's ending."""
        rng = self.rng
        stem = "".join(rng.choice(self.syllables) for _ in range(rng.randint(2, 3)))
        ending = rng.choice(family)[-3:] if rng.random() < 0.3 else ""
        return (stem + ending).capitalize()

    def name(self) -> tuple[str, str]:
        rng = self.rng
        _, given, family, joined = rng.choices(self.cultures, self.weights)[0]
        first = rng.choice(given)
        if joined:
            return rng.choice(family) + first, first
        last = rng.choice(family) if rng.random() < 0.7 else self._rare_surname(family)
        if rng.random() < 0.04:
            last = f"{last}-{rng.choice(family)}"
        middle = f" {rng.choice(given)}" if rng.random() < 0.08 else ""
        return f"{first}{middle} {last}", first

    def people(self, count: int) -> list[Person]:
        people = []
        for n in range(count):
            name, given = self.name()
            local = ".".join(compact(token) for token in normalize(name).split()[:2])
            if not local.isascii():
                local = "user"
            email = f"{local}{n}@{self.rng.choice(DOMAINS)}"
            people.append(Person(str(uuid.UUID(int=self.rng.getrandbits(128))), name, email, given))
        return people


def raw_candidates(people: list[Person]) -> list[dict[str, Any]]:
    """Shaped like ``candidate.list`` items (the fields the index reads)."""
    return [
        {
            "id": p.id,
            "name": p.name,
            "primaryEmailAddress": {"value": p.email, "type": "Personal", "isPrimary": True},
            "emailAddresses": [{"value": p.email, "type": "Personal", "isPrimary": True}],
        }
        for p in people
    ]


def raw_applications(people: list[Person], rng: random.Random) -> list[dict[str, Any]]:
    """About 1.5 applications a candidate over 200 jobs; about a third of candidates have an active one."""
    jobs = [str(uuid.UUID(int=rng.getrandbits(128))) for _ in range(200)]
    stages = [str(uuid.UUID(int=rng.getrandbits(128))) for _ in range(8)]
    apps = []
    for person in people:
        for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
            apps.append(
                {
                    "id": str(uuid.UUID(int=rng.getrandbits(128))),
                    "status": rng.choice(("Active", "Archived", "Archived", "Hired", "Lead")),
                    "candidate": {"id": person.id, "name": person.name},
                    "job": {"id": rng.choice(jobs), "title": "Job"},
                    "currentInterviewStage": {"id": rng.choice(stages), "title": "Stage"},
                }
            )
    return apps


# -- queries with known answers ---------------------------------------------------------------------------

LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _typo(name: str, rng: random.Random) -> str:
    """One delete, insert, substitute or transpose inside a word of four or more letters."""
    words = name.split()
    long_words = [i for i, w in enumerate(words) if len(w) >= 4] or list(range(len(words)))
    i = rng.choice(long_words)
    word = words[i]
    at = rng.randrange(1, len(word) - 1) if len(word) > 2 else 0
    kind = rng.choice(("delete", "insert", "substitute", "transpose"))
    if kind == "delete":
        word = word[:at] + word[at + 1 :]
    elif kind == "insert":
        word = word[:at] + rng.choice(LETTERS) + word[at:]
    elif kind == "substitute":
        word = word[:at] + rng.choice(LETTERS.replace(word[at], "")) + word[at + 1 :]
    elif at + 1 < len(word):
        word = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    words[i] = word
    return " ".join(words)


def _swap(name: str) -> str:
    words = name.split()
    return " ".join(words[-1:] + words[:-1])


def _plain(name: str) -> str:
    """Typed without accents: the letters as a US keyboard gives them, but keeping the punctuation."""
    return "".join(normalize(ch) or ch for ch in name)


def _unpunctuated(name: str) -> str:
    return name.replace("'", "").replace("’", "").replace("-", " ").lower()


QUERY_KINDS: list[tuple[str, float, Callable[[str, random.Random], str]]] = [
    ("one typo", 0.45, lambda n, r: _typo(n.lower(), r)),
    ("swapped", 0.15, lambda n, r: _swap(n.lower())),
    ("swapped + typo", 0.15, lambda n, r: _typo(_swap(n.lower()), r)),
    ("no accents", 0.15, lambda n, r: _plain(n)),
    ("no punctuation", 0.10, lambda n, r: _unpunctuated(n)),
]


def typo_queries(people: list[Person], count: int, rng: random.Random) -> list[tuple[str, str, str]]:
    """(query, expected id, kind) for people whose name is unique in the index."""
    keys = Counter(normalize(p.name) for p in people)
    unique = [p for p in people if keys[normalize(p.name)] == 1 and " " in p.name]
    accented = [p for p in unique if not p.name.isascii()]
    punctuated = [p for p in unique if "-" in p.name or "'" in p.name]
    queries = []
    for _ in range(count):
        label, _, make = rng.choices(QUERY_KINDS, [w for _, w, _ in QUERY_KINDS])[0]
        source = {"no accents": accented, "no punctuation": punctuated}.get(label, unique)
        person = rng.choice(source)
        queries.append((make(person.name, rng), person.id, label))
    return queries


# -- measuring --------------------------------------------------------------------------------------------


def timed(fn: Callable[[str], Any], queries: list[str]) -> tuple[list[Any], list[float]]:
    results, times = [], []
    for query in queries:
        started = time.perf_counter()
        results.append(fn(query))
        times.append((time.perf_counter() - started) * 1000)
    return results, times


def p99(times: list[float]) -> float:
    return statistics.quantiles(times, n=100)[98] if len(times) > 1 else times[0]


def build(raw: list[dict[str, Any]], apps: list[dict[str, Any]]) -> CandidateIndex:
    index = CandidateIndex()
    index.upsert_candidates(raw)
    index.apply_applications(apps)
    return index


def traced_bytes(people: list[Person], seed: int, with_applications: bool) -> int:
    """Memory the index keeps: raw input built and freed inside the trace, so retained strings count."""
    gc.collect()
    tracemalloc.start()
    baseline = tracemalloc.get_traced_memory()[0]
    raw = raw_candidates([Person("".join(p.id), "".join(p.name), "".join(p.email), p.given) for p in people])
    apps = raw_applications(people, random.Random(seed)) if with_applications else []
    index = build(raw, apps)
    CandidateResolver(index).resolve("warm@example.org")  # builds the sorted email list
    del raw, apps
    gc.collect()
    used = tracemalloc.get_traced_memory()[0] - baseline
    tracemalloc.stop()
    assert len(index) == len(people)
    return used


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A Markdown table, first column left-aligned and the others right-aligned."""
    lines = ["| " + " | ".join(headers) + " |", "|---|" + "---:|" * (len(headers) - 1)]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows]) + "\n"


def outcome_shares(
    resolved: list[Any], typos: list[tuple[str, str, str]]
) -> tuple[Counter[str], dict[str, list[bool]]]:
    """How each typo-set query ended, and whether the first match was right, by query kind."""
    outcomes: Counter[str] = Counter()
    by_kind: dict[str, list[bool]] = {}
    for resolution, (_, expected, kind) in zip(resolved, typos, strict=True):
        best = resolution.best
        right = best is not None and best.candidate.id == expected
        by_kind.setdefault(kind, []).append(right)
        listed = any(m.candidate.id == expected for m in resolution.matches)
        if resolution.outcome == "found":
            outcomes["found right" if right else "found wrong"] += 1
        elif resolution.outcome == "ambiguous":
            outcomes["picker with it" if listed else "picker without it"] += 1
        else:
            outcomes["not found"] += 1
    return outcomes, by_kind


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=400, help="size of the typo set")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    n = args.candidates
    people = NameGenerator(random.Random(args.seed)).people(n)
    raw, apps = raw_candidates(people), raw_applications(people, random.Random(args.seed))

    started = time.perf_counter()
    index = build(raw, apps)
    build_seconds = time.perf_counter() - started
    resolver = CandidateResolver(index)
    names, ids = [p.name for p in people], [p.id for p in people]
    vocabulary = len({t for p in people for t in normalize(p.name).split()})

    typos = typo_queries(people, args.queries, random.Random(args.seed + 1))
    texts = [q for q, _, _ in typos]
    resolved, ours = timed(resolver.resolve, texts)
    floor_hits, floor = timed(
        lambda q: process.extractOne(q, names, scorer=fuzz.WRatio, processor=utils.default_process), texts
    )
    sample = random.Random(args.seed + 2).sample(people, 200)
    others = {
        "exact full name": timed(resolver.resolve, [p.name for p in sample])[1],
        "first name only": timed(resolver.resolve, [p.given.lower() for p in sample])[1],
        "exact email": timed(resolver.resolve, [p.email for p in sample])[1],
    }
    outcomes, by_kind = outcome_shares(resolved, typos)
    top1 = sum(sum(v) for v in by_kind.values()) / len(typos)
    floor_right = (ids[hit[2]] == expected for hit, (_, expected, _) in zip(floor_hits, typos, strict=True))
    floor_top1 = sum(floor_right) / len(typos)
    memory = traced_bytes(people, args.seed, with_applications=True)
    memory_candidates = traced_bytes(people, args.seed, with_applications=False)

    median, floor_median = statistics.median(ours), statistics.median(floor)
    print(
        f"## Candidate resolution: {n:,} candidates, {vocabulary:,} distinct name tokens, {len(apps):,} applications\n"
    )
    print(
        table(
            ["", "CandidateResolver", "full-scan WRatio (floor)", "ratio"],
            [
                [
                    f"median ms / query (typo set, {len(typos)})",
                    f"{median:.2f}",
                    f"{floor_median:.1f}",
                    f"{floor_median / median:.0f}x faster",
                ],
                [
                    "p99 ms / query (typo set)",
                    f"{p99(ours):.2f}",
                    f"{p99(floor):.1f}",
                    f"{p99(floor) / p99(ours):.0f}x faster",
                ],
                [
                    "top-1 accuracy (typo set)",
                    f"{top1:.1%}",
                    f"{floor_top1:.1%}",
                    f"{top1 - floor_top1:+.1%}",
                ],
            ],
        )
    )
    labels = ("found right", "picker with it", "found wrong", "picker without it", "not found")
    print(
        table(
            ["typo-set outcome", "share"],
            [[label, f"{outcomes[label] / len(typos):.1%}"] for label in labels],
        )
    )
    print(
        table(
            ["top-1 by query kind", "queries", "CandidateResolver"],
            [[kind, str(len(hits)), f"{sum(hits) / len(hits):.1%}"] for kind, hits in by_kind.items()],
        )
    )
    print(
        table(
            ["other queries (200 each)", "median ms", "p99 ms"],
            [[label, f"{statistics.median(t):.2f}", f"{p99(t):.2f}"] for label, t in others.items()],
        )
    )
    per = "B / candidate"
    print(
        table(
            ["index", "value"],
            [
                ["build time (candidates + applications)", f"{build_seconds:.2f} s"],
                [
                    "memory, candidates only",
                    f"{memory_candidates / 2**20:.1f} MiB ({memory_candidates / n:.0f} {per})",
                ],
                ["memory, with applications", f"{memory / 2**20:.1f} MiB ({memory / n:.0f} {per})"],
            ],
        )
    )
    print(f"Python {sys.version.split()[0]}, single-threaded, seed {args.seed}.")


if __name__ == "__main__":
    main()
