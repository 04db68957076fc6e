//! The regions and their tables. Names are the ones used locally: German for Germany, Austria
//! and the German-speaking cantons, French for GE, VD, NE, JU, FR and VS, Italian for Ticino.

use chrono::Weekday::{Mon, Sat, Tue};

use super::{Rule, When};

/// A region one can fill a year for. `code` is what an account stores (ISO 3166-2 style).
#[derive(Clone, Copy, Debug)]
pub struct Region {
    pub code: &'static str,
    pub name: &'static str,
    lang: Lang,
    base: &'static [R],
    extra: &'static [R],
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Lang {
    De,
    Fr,
    It,
}

/// A rule with its name in the three languages.
#[derive(Clone, Copy, Debug)]
struct R {
    when: When,
    names: [&'static str; 3],
    since: i32,
    half_day: bool,
}

const fn r(when: When, de: &'static str, fr: &'static str, it: &'static str) -> R {
    R {
        when,
        names: [de, fr, it],
        since: i32::MIN,
        half_day: false,
    }
}

const fn de(when: When, name: &'static str) -> R {
    r(when, name, name, name)
}

const fn since(rule: R, year: i32) -> R {
    R {
        since: year,
        ..rule
    }
}

const fn half(rule: R) -> R {
    R {
        half_day: true,
        ..rule
    }
}

impl Region {
    /// The region's rules with their names in its language, half days last.
    pub(crate) fn rules(&self) -> impl Iterator<Item = Rule> + '_ {
        let i = match self.lang {
            Lang::De => 0,
            Lang::Fr => 1,
            Lang::It => 2,
        };
        self.base
            .iter()
            .chain(self.extra)
            .chain(HALF_DAYS)
            .map(move |x| Rule {
                when: x.when,
                name: x.names[i],
                since: x.since,
                half_day: x.half_day,
            })
    }

    /// The country part of the code ("DE", "AT", "CH").
    pub fn country(&self) -> &'static str {
        self.code.split('-').next().unwrap_or(self.code)
    }
}

/// The region with this code, if any.
pub fn region(code: &str) -> Option<&'static Region> {
    REGIONS.iter().find(|x| x.code == code)
}

use When::{Easter, Fixed};

// Customary half days everywhere (not statutory; shops close at noon or two, most employers
// count them as half days). A full holiday on the same date wins.
const HALF_DAYS: &[R] = &[
    half(r(
        Fixed(12, 24),
        "Heiligabend",
        "Veille de Noël",
        "Vigilia di Natale",
    )),
    half(r(
        Fixed(12, 31),
        "Silvester",
        "Saint-Sylvestre",
        "San Silvestro",
    )),
];

// Germany -----------------------------------------------------------------------------------

const DE_ALL: &[R] = &[
    de(Fixed(1, 1), "Neujahr"),
    de(Easter(-2), "Karfreitag"),
    de(Easter(1), "Ostermontag"),
    de(Fixed(5, 1), "Tag der Arbeit"),
    de(Easter(39), "Christi Himmelfahrt"),
    de(Easter(50), "Pfingstmontag"),
    de(Fixed(10, 3), "Tag der Deutschen Einheit"),
    de(Fixed(12, 25), "1. Weihnachtstag"),
    de(Fixed(12, 26), "2. Weihnachtstag"),
    // The Reformation's 500th anniversary was a holiday in every state.
    de(When::Once(2017, 10, 31), "Reformationstag"),
];

const EPIPHANY: R = de(Fixed(1, 6), "Heilige Drei Könige");
const CORPUS: R = de(Easter(60), "Fronleichnam");
const ASSUMPTION: R = de(Fixed(8, 15), "Mariä Himmelfahrt");
const ALL_SAINTS: R = de(Fixed(11, 1), "Allerheiligen");
const REFORMATION: R = de(Fixed(10, 31), "Reformationstag");
const WOMENS_DAY: R = de(Fixed(3, 8), "Internationaler Frauentag");

const fn de_state(code: &'static str, name: &'static str, extra: &'static [R]) -> Region {
    Region {
        code,
        name,
        lang: Lang::De,
        base: DE_ALL,
        extra,
    }
}

const GERMANY: [Region; 16] = [
    de_state(
        "DE-BW",
        "Baden-Württemberg",
        &[EPIPHANY, CORPUS, ALL_SAINTS],
    ),
    de_state(
        "DE-BY",
        "Bayern",
        &[EPIPHANY, CORPUS, ASSUMPTION, ALL_SAINTS],
    ),
    de_state(
        "DE-BE",
        "Berlin",
        &[
            since(WOMENS_DAY, 2019),
            de(When::Once(2020, 5, 8), "Tag der Befreiung"),
            de(When::Once(2025, 5, 8), "Tag der Befreiung"),
        ],
    ),
    de_state(
        "DE-BB",
        "Brandenburg",
        &[
            de(Easter(0), "Ostersonntag"),
            de(Easter(49), "Pfingstsonntag"),
            REFORMATION,
        ],
    ),
    de_state("DE-HB", "Bremen", &[since(REFORMATION, 2018)]),
    de_state("DE-HH", "Hamburg", &[since(REFORMATION, 2018)]),
    de_state("DE-HE", "Hessen", &[CORPUS]),
    de_state(
        "DE-MV",
        "Mecklenburg-Vorpommern",
        &[since(WOMENS_DAY, 2023), REFORMATION],
    ),
    de_state("DE-NI", "Niedersachsen", &[since(REFORMATION, 2018)]),
    de_state("DE-NW", "Nordrhein-Westfalen", &[CORPUS, ALL_SAINTS]),
    de_state("DE-RP", "Rheinland-Pfalz", &[CORPUS, ALL_SAINTS]),
    de_state("DE-SL", "Saarland", &[CORPUS, ASSUMPTION, ALL_SAINTS]),
    de_state(
        "DE-SN",
        "Sachsen",
        &[REFORMATION, de(When::RepentanceDay, "Buß- und Bettag")],
    ),
    de_state("DE-ST", "Sachsen-Anhalt", &[EPIPHANY, REFORMATION]),
    de_state("DE-SH", "Schleswig-Holstein", &[since(REFORMATION, 2018)]),
    de_state(
        "DE-TH",
        "Thüringen",
        &[since(de(Fixed(9, 20), "Weltkindertag"), 2019), REFORMATION],
    ),
];

// Austria (Feiertagsruhegesetz; Good Friday was dropped in 2019) ----------------------------

const AUSTRIA: Region = Region {
    code: "AT",
    name: "Österreich",
    lang: Lang::De,
    base: &[
        de(Fixed(1, 1), "Neujahr"),
        de(Fixed(1, 6), "Heilige Drei Könige"),
        de(Easter(1), "Ostermontag"),
        de(Fixed(5, 1), "Staatsfeiertag"),
        de(Easter(39), "Christi Himmelfahrt"),
        de(Easter(50), "Pfingstmontag"),
        de(Easter(60), "Fronleichnam"),
        de(Fixed(8, 15), "Mariä Himmelfahrt"),
        de(Fixed(10, 26), "Nationalfeiertag"),
        de(Fixed(11, 1), "Allerheiligen"),
        de(Fixed(12, 8), "Mariä Empfängnis"),
        de(Fixed(12, 25), "Christtag"),
        de(Fixed(12, 26), "Stefanitag"),
    ],
    extra: &[],
};

// Switzerland: the four federal days, then each canton's -------------------------------------

const CH_ALL: &[R] = &[
    r(Fixed(1, 1), "Neujahrstag", "Nouvel An", "Capodanno"),
    r(Easter(39), "Auffahrt", "Ascension", "Ascensione"),
    r(
        Fixed(8, 1),
        "Bundesfeiertag",
        "Fête nationale",
        "Festa nazionale",
    ),
    r(Fixed(12, 25), "Weihnachtstag", "Noël", "Natale"),
];

const BERCHTOLD: R = r(
    Fixed(1, 2),
    "Berchtoldstag",
    "Saint-Berchtold",
    "San Bertoldo",
);
const EPIPHANY_CH: R = r(Fixed(1, 6), "Heilige Drei Könige", "Épiphanie", "Epifania");
const JOSEPH: R = r(Fixed(3, 19), "Josefstag", "Saint-Joseph", "San Giuseppe");
const GOOD_FRIDAY: R = r(Easter(-2), "Karfreitag", "Vendredi saint", "Venerdì santo");
const EASTER_MONDAY: R = r(
    Easter(1),
    "Ostermontag",
    "Lundi de Pâques",
    "Lunedì di Pasqua",
);
const LABOUR: R = r(
    Fixed(5, 1),
    "Tag der Arbeit",
    "Fête du travail",
    "Festa del lavoro",
);
const WHIT_MONDAY: R = r(
    Easter(50),
    "Pfingstmontag",
    "Lundi de Pentecôte",
    "Lunedì di Pentecoste",
);
const CORPUS_CH: R = r(Easter(60), "Fronleichnam", "Fête-Dieu", "Corpus Domini");
const ASSUMPTION_CH: R = r(
    Fixed(8, 15),
    "Mariä Himmelfahrt",
    "Assomption",
    "Assunzione",
);
const ALL_SAINTS_CH: R = r(Fixed(11, 1), "Allerheiligen", "Toussaint", "Ognissanti");
const IMMACULATE: R = r(
    Fixed(12, 8),
    "Mariä Empfängnis",
    "Immaculée Conception",
    "Immacolata",
);
const STEPHEN: R = r(
    Fixed(12, 26),
    "Stephanstag",
    "Saint-Étienne",
    "Santo Stefano",
);
// Appenzell and Uri keep St Stephen's Day unless Christmas is a Monday or a Friday.
const STEPHEN_UNLESS: R = r(
    When::FixedExcept(12, 26, &[Tue, Sat]),
    "Stephanstag",
    "Saint-Étienne",
    "Santo Stefano",
);
const CATHOLIC: [R; 4] = [CORPUS_CH, ASSUMPTION_CH, ALL_SAINTS_CH, IMMACULATE];

const fn canton(code: &'static str, name: &'static str, lang: Lang, extra: &'static [R]) -> Region {
    Region {
        code,
        name,
        lang,
        base: CH_ALL,
        extra,
    }
}

use Lang::{De, Fr, It};

const SWITZERLAND: [Region; 26] = [
    canton(
        "CH-AG",
        "Aargau",
        De,
        &[
            BERCHTOLD,
            GOOD_FRIDAY,
            EASTER_MONDAY,
            LABOUR,
            WHIT_MONDAY,
            CORPUS_CH,
            ASSUMPTION_CH,
            ALL_SAINTS_CH,
            IMMACULATE,
            STEPHEN,
        ],
    ),
    canton(
        "CH-AI",
        "Appenzell Innerrhoden",
        De,
        &[
            GOOD_FRIDAY,
            EASTER_MONDAY,
            WHIT_MONDAY,
            CATHOLIC[0],
            CATHOLIC[1],
            CATHOLIC[2],
            CATHOLIC[3],
            STEPHEN_UNLESS,
        ],
    ),
    canton(
        "CH-AR",
        "Appenzell Ausserrhoden",
        De,
        &[GOOD_FRIDAY, EASTER_MONDAY, WHIT_MONDAY, STEPHEN_UNLESS],
    ),
    canton(
        "CH-BE",
        "Bern",
        De,
        &[BERCHTOLD, GOOD_FRIDAY, EASTER_MONDAY, WHIT_MONDAY, STEPHEN],
    ),
    canton(
        "CH-BL",
        "Basel-Landschaft",
        De,
        &[GOOD_FRIDAY, EASTER_MONDAY, LABOUR, WHIT_MONDAY, STEPHEN],
    ),
    canton(
        "CH-BS",
        "Basel-Stadt",
        De,
        &[GOOD_FRIDAY, EASTER_MONDAY, LABOUR, WHIT_MONDAY, STEPHEN],
    ),
    canton(
        "CH-FR",
        "Fribourg",
        Fr,
        &[BERCHTOLD, GOOD_FRIDAY, EASTER_MONDAY, WHIT_MONDAY, STEPHEN],
    ),
    canton(
        "CH-GE",
        "Genève",
        Fr,
        &[
            GOOD_FRIDAY,
            EASTER_MONDAY,
            WHIT_MONDAY,
            r(
                When::GenevaFast,
                "Genfer Bettag",
                "Jeûne genevois",
                "Digiuno ginevrino",
            ),
            r(
                Fixed(12, 31),
                "Wiederherstellung der Republik",
                "Restauration de la République",
                "Restaurazione della Repubblica",
            ),
        ],
    ),
    canton(
        "CH-GL",
        "Glarus",
        De,
        &[
            BERCHTOLD,
            r(
                When::NaefelsDay,
                "Näfelser Fahrt",
                "Näfelser Fahrt",
                "Näfelser Fahrt",
            ),
            GOOD_FRIDAY,
            EASTER_MONDAY,
            WHIT_MONDAY,
            ALL_SAINTS_CH,
            STEPHEN,
        ],
    ),
    canton(
        "CH-GR",
        "Graubünden",
        De,
        &[GOOD_FRIDAY, EASTER_MONDAY, WHIT_MONDAY, STEPHEN],
    ),
    canton(
        "CH-JU",
        "Jura",
        Fr,
        &[
            BERCHTOLD,
            GOOD_FRIDAY,
            EASTER_MONDAY,
            LABOUR,
            WHIT_MONDAY,
            CORPUS_CH,
            r(
                Fixed(6, 23),
                "Fest der Unabhängigkeit",
                "Fête de l'Indépendance jurassienne",
                "Festa dell'indipendenza",
            ),
            ASSUMPTION_CH,
            ALL_SAINTS_CH,
        ],
    ),
    canton(
        "CH-LU",
        "Luzern",
        De,
        &[
            BERCHTOLD,
            GOOD_FRIDAY,
            EASTER_MONDAY,
            WHIT_MONDAY,
            CATHOLIC[0],
            CATHOLIC[1],
            CATHOLIC[2],
            CATHOLIC[3],
            STEPHEN,
        ],
    ),
    canton(
        "CH-NE",
        "Neuchâtel",
        Fr,
        &[
            r(
                When::FixedOn(1, 2, &[Mon]),
                "Berchtoldstag",
                "2 janvier",
                "2 gennaio",
            ),
            r(
                Fixed(3, 1),
                "Jahrestag der Ausrufung der Republik",
                "Instauration de la République",
                "Proclamazione della Repubblica",
            ),
            GOOD_FRIDAY,
            LABOUR,
            CORPUS_CH,
            r(
                When::FixedOn(12, 26, &[Mon]),
                "Stephanstag",
                "26 décembre",
                "Santo Stefano",
            ),
        ],
    ),
    canton(
        "CH-NW",
        "Nidwalden",
        De,
        &[
            BERCHTOLD,
            JOSEPH,
            GOOD_FRIDAY,
            EASTER_MONDAY,
            WHIT_MONDAY,
            CATHOLIC[0],
            CATHOLIC[1],
            CATHOLIC[2],
            CATHOLIC[3],
            STEPHEN,
        ],
    ),
    canton(
        "CH-OW",
        "Obwalden",
        De,
        &[
            BERCHTOLD,
            GOOD_FRIDAY,
            EASTER_MONDAY,
            WHIT_MONDAY,
            CORPUS_CH,
            ASSUMPTION_CH,
            r(
                Fixed(9, 25),
                "Bruder Klaus",
                "Saint Nicolas de Flüe",
                "San Nicolao della Flüe",
            ),
            ALL_SAINTS_CH,
            IMMACULATE,
            STEPHEN,
        ],
    ),
    canton(
        "CH-SG",
        "St. Gallen",
        De,
        &[
            BERCHTOLD,
            GOOD_FRIDAY,
            EASTER_MONDAY,
            WHIT_MONDAY,
            ALL_SAINTS_CH,
            STEPHEN,
        ],
    ),
    canton(
        "CH-SH",
        "Schaffhausen",
        De,
        &[
            BERCHTOLD,
            GOOD_FRIDAY,
            EASTER_MONDAY,
            LABOUR,
            WHIT_MONDAY,
            STEPHEN,
        ],
    ),
    canton(
        "CH-SO",
        "Solothurn",
        De,
        &[BERCHTOLD, GOOD_FRIDAY, half(LABOUR)],
    ),
    canton(
        "CH-SZ",
        "Schwyz",
        De,
        &[
            EPIPHANY_CH,
            JOSEPH,
            GOOD_FRIDAY,
            EASTER_MONDAY,
            WHIT_MONDAY,
            CATHOLIC[0],
            CATHOLIC[1],
            CATHOLIC[2],
            CATHOLIC[3],
            STEPHEN,
        ],
    ),
    canton(
        "CH-TG",
        "Thurgau",
        De,
        &[
            BERCHTOLD,
            GOOD_FRIDAY,
            EASTER_MONDAY,
            LABOUR,
            WHIT_MONDAY,
            STEPHEN,
        ],
    ),
    canton(
        "CH-TI",
        "Ticino",
        It,
        &[
            EPIPHANY_CH,
            JOSEPH,
            EASTER_MONDAY,
            LABOUR,
            WHIT_MONDAY,
            CORPUS_CH,
            r(
                Fixed(6, 29),
                "Peter und Paul",
                "Saints Pierre et Paul",
                "San Pietro e Paolo",
            ),
            ASSUMPTION_CH,
            ALL_SAINTS_CH,
            IMMACULATE,
            STEPHEN,
        ],
    ),
    canton(
        "CH-UR",
        "Uri",
        De,
        &[
            EPIPHANY_CH,
            JOSEPH,
            GOOD_FRIDAY,
            EASTER_MONDAY,
            WHIT_MONDAY,
            CATHOLIC[0],
            CATHOLIC[1],
            CATHOLIC[2],
            CATHOLIC[3],
            STEPHEN_UNLESS,
        ],
    ),
    canton(
        "CH-VD",
        "Vaud",
        Fr,
        &[
            BERCHTOLD,
            GOOD_FRIDAY,
            EASTER_MONDAY,
            WHIT_MONDAY,
            r(
                When::FederalFastMonday,
                "Bettagsmontag",
                "Lundi du Jeûne fédéral",
                "Lunedì del Digiuno federale",
            ),
        ],
    ),
    canton(
        "CH-VS",
        "Valais",
        Fr,
        &[
            BERCHTOLD,
            JOSEPH,
            EASTER_MONDAY,
            WHIT_MONDAY,
            CATHOLIC[0],
            CATHOLIC[1],
            CATHOLIC[2],
            CATHOLIC[3],
            STEPHEN,
        ],
    ),
    canton(
        "CH-ZG",
        "Zug",
        De,
        &[
            BERCHTOLD,
            GOOD_FRIDAY,
            EASTER_MONDAY,
            WHIT_MONDAY,
            CATHOLIC[0],
            CATHOLIC[1],
            CATHOLIC[2],
            CATHOLIC[3],
            STEPHEN,
        ],
    ),
    canton(
        "CH-ZH",
        "Zürich",
        De,
        &[GOOD_FRIDAY, EASTER_MONDAY, LABOUR, WHIT_MONDAY, STEPHEN],
    ),
];

/// Every region, Germany's states first, then Austria, then the cantons.
pub static REGIONS: [Region; 43] = {
    let mut all = [AUSTRIA; 43];
    let mut i = 0;
    while i < 16 {
        all[i] = GERMANY[i];
        i += 1;
    }
    let mut j = 0;
    while j < 26 {
        all[17 + j] = SWITZERLAND[j];
        j += 1;
    }
    all
};
