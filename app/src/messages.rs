//! German for the service layer's messages. The services speak English (the REST API's
//! contract language); pages show a message in the user's language by matching it against the
//! templates below, where `{}` stands for a value carried over as it is. A message without a
//! template stays English rather than disappearing.

use crate::i18n::Lang;

const TEMPLATES: &[(&str, &str)] = &[
    // Generic field checks.
    ("{} is required (a date like {}).", "{} fehlt (ein Datum wie {})."),
    ("{} is required.", "{} fehlt."),
    ("{} is too long.", "{} ist zu lang."),
    ("{} must not be before {}.", "{} darf nicht vor {} liegen."),
    ("{} must be a colour like {}.", "{} muss eine Farbe wie {} sein."),
    ("{} may have at most {} characters.", "{} darf höchstens {} Zeichen haben."),
    ("{} must be between {} and {}.", "{} muss zwischen {} und {} liegen."),
    ("{} must be a whole number.", "{} muss eine ganze Zahl sein."),
    ("{} must be a number.", "{} muss eine Zahl sein."),
    ("month must look like {}.", "Der Monat muss wie {} aussehen."),
    ("email is not a valid address.", "Die E-Mail-Adresse ist ungültig."),
    ("unknown time zone (e.g. Europe/Berlin).", "Unbekannte Zeitzone (z. B. Europe/Berlin)."),
    ("currency must be an ISO 4217 code such as EUR.", "Die Währung muss ein ISO-4217-Code wie EUR sein."),
    ("locale must be en or de.", "Die Sprache muss en oder de sein."),
    ("language is en or de.", "Die Sprache ist en oder de."),
    ("the current password is wrong.", "Das aktuelle Passwort ist falsch."),
    ("the two new passwords differ.", "Die beiden neuen Passwörter unterscheiden sich."),
    ("status must be approved, pending or rejected.", "Der Status muss approved, pending oder rejected sein."),
    ("a report covers at most {} days.", "Ein Bericht umfasst höchstens {} Tage."),
    ("password needs at least {} characters.", "Das Passwort braucht mindestens {} Zeichen."),
    ("user cannot be changed.", "Die Person kann nicht geändert werden."),
    // Accounts and users.
    ("this account ID is taken.", "Diese Konto-ID ist vergeben."),
    (
        "the account ID needs 2 to 40 lowercase letters, digits or dashes.",
        "Die Konto-ID braucht 2 bis 40 Kleinbuchstaben, Ziffern oder Bindestriche.",
    ),
    ("this username is taken in this account.", "Dieser Benutzername ist in diesem Konto vergeben."),
    ("only managers and administrators approve or reject.", "Nur Manager und Administratoren genehmigen oder lehnen ab."),
    ("name is required.", "Der Name fehlt."),
    ("a day's target lies between 0:00 and 24:00.", "Das Tagessoll liegt zwischen 0:00 und 24:00."),
    ("paid leave lies between 0 and 366 days a year.", "Der Urlaub liegt zwischen 0 und 366 Tagen im Jahr."),
    ("the break rule is off or de.", "Die Pausenregel ist off oder de."),
    (
        "username may use letters, digits and . _ - @ (at most 100).",
        "Der Benutzername darf Buchstaben, Ziffern und . _ - @ enthalten (höchstens 100).",
    ),
    ("you cannot deactivate yourself.", "Sie können sich nicht selbst deaktivieren."),
    (
        "you cannot take the administrator role from yourself.",
        "Sie können sich die Administratorrolle nicht selbst entziehen.",
    ),
    // Holidays and task lists.
    ("there is a holiday on this date already.", "An diesem Tag gibt es schon einen Feiertag."),
    ("no such holiday in this account.", "Diesen Feiertag gibt es in diesem Konto nicht."),
    ("this project has a task list with this name already.", "Dieses Projekt hat schon eine Aufgabenliste mit diesem Namen."),
    (
        "this task list holds {} task(s); move or delete them first.",
        "Diese Aufgabenliste enthält {} Aufgabe(n); verschieben oder löschen Sie sie zuerst.",
    ),
    ("{} must be a date like {}.", "{} muss ein Datum wie {} sein."),
    // Clients, projects, tasks.
    ("a client with this name exists already.", "Einen Kunden mit diesem Namen gibt es schon."),
    ("this client has a project with this name already.", "Dieser Kunde hat schon ein Projekt mit diesem Namen."),
    (
        "this client has {} project(s) and cannot be deleted; archive it instead (archived: true).",
        "Dieser Kunde hat {} Projekt(e) und kann nicht gelöscht werden; archivieren Sie ihn stattdessen.",
    ),
    (
        "this project has {} time entries and {} expenses and cannot be deleted; archive it instead (archived: true).",
        "Dieses Projekt hat {} Zeiteinträge und {} Ausgaben und kann nicht gelöscht werden; archivieren Sie es stattdessen.",
    ),
    (
        "this task has {} time entries and cannot be deleted; archive it instead (archived: true).",
        "Diese Aufgabe hat {} Zeiteinträge und kann nicht gelöscht werden; archivieren Sie sie stattdessen.",
    ),
    ("this project belongs to another client.", "Dieses Projekt gehört zu einem anderen Kunden."),
    ("this task belongs to another project.", "Diese Aufgabe gehört zu einem anderen Projekt."),
    ("this task list belongs to another project.", "Diese Aufgabenliste gehört zu einem anderen Projekt."),
    ("no such task list in this account.", "Diese Aufgabenliste gibt es in diesem Konto nicht."),
    ("a task with this name exists already here.", "Eine Aufgabe mit diesem Namen gibt es hier schon."),
    (
        "this {} is archived and cannot be used for new entries.",
        "{} ist archiviert und kann für neue Einträge nicht verwendet werden.",
    ),
    ("no {} {} in this account.", "{} {} gibt es in diesem Konto nicht."),
    // Absences.
    ("an absence type with this name exists already.", "Eine Abwesenheitsart mit diesem Namen gibt es schon."),
    ("no absence type '{}' in this account.", "Die Abwesenheitsart '{}' gibt es in diesem Konto nicht."),
    (
        "this absence type is archived and cannot be used for new absences.",
        "Diese Abwesenheitsart ist archiviert und kann nicht mehr verwendet werden.",
    ),
    (
        "this absence type is used by {} absence(s) and cannot be deleted; archive it instead (archived: true).",
        "Diese Abwesenheitsart wird von {} Abwesenheit(en) verwendet und kann nicht gelöscht werden; archivieren Sie sie stattdessen.",
    ),
    // Timers and attendance.
    ("no project timer is running for this user.", "Für diese Person läuft keine Projekt-Stoppuhr."),
    (
        "a project timer is already running for this user; stop it first.",
        "Für diese Person läuft schon eine Projekt-Stoppuhr; halten Sie sie zuerst an.",
    ),
    ("this user is not clocked in.", "Diese Person ist nicht eingestempelt."),
    ("this user is clocked in already.", "Diese Person ist schon eingestempelt."),
    ("no break is running.", "Es läuft keine Pause."),
    ("a break is running already.", "Es läuft schon eine Pause."),
    ("cannot clock in in the future.", "Einstempeln in der Zukunft ist nicht möglich."),
    ("this time lies inside attendance {}.", "Diese Zeit liegt in der Anwesenheit {}."),
    (
        "overlaps attendance {} ({} – {}) of the same user.",
        "Überschneidet sich mit Anwesenheit {} ({} – {}) derselben Person.",
    ),
    // Form checks of the server functions.
    ("Choose a project.", "Wählen Sie ein Projekt."),
    ("Choose a project from the list.", "Wählen Sie ein Projekt aus der Liste."),
    ("Enter a date.", "Geben Sie ein Datum ein."),
    ("Enter a start time like {}.", "Geben Sie eine Anfangszeit wie {} ein."),
    ("Enter an end time like {}.", "Geben Sie eine Endzeit wie {} ein."),
    ("Enter an end time or a duration like {}.", "Geben Sie eine Endzeit oder eine Dauer wie {} ein."),
    ("That choice is not valid.", "Diese Auswahl ist ungültig."),
    ("The break is a number of minutes.", "Die Pause ist eine Anzahl Minuten."),
    ("Unknown clock step.", "Unbekannter Stempelschritt."),
    // Messages of AppError itself.
    ("Please sign in.", "Bitte melden Sie sich an."),
    ("You are not allowed to do this.", "Das dürfen Sie nicht."),
    ("{} not found.", "{} nicht gefunden."),
    (
        "Something went wrong on the server. Please try again.",
        "Auf dem Server ist etwas schiefgegangen. Bitte versuchen Sie es noch einmal.",
    ),
    (
        "Too many failed sign-ins. Try again in {} minute(s).",
        "Zu viele fehlgeschlagene Anmeldungen. Versuchen Sie es in {} Minute(n) noch einmal.",
    ),
    ("Wrong account, username or password.", "Konto, Benutzername oder Passwort ist falsch."),
];

/// The message in `lang`; English input comes back unchanged for `Lang::En`.
pub fn localize(lang: Lang, message: &str) -> String {
    if lang == Lang::En {
        return message.to_string();
    }
    // Several messages may join into one ("a. b."): translate each sentence on its own.
    if let Some(joined) = split_sentences(message) {
        return joined
            .iter()
            .map(|s| localize(lang, s))
            .collect::<Vec<_>>()
            .join(" ");
    }
    for (en, de) in TEMPLATES {
        if let Some(values) = capture(en, message) {
            return fill(de, &values);
        }
    }
    message.to_string()
}

/// Splits "first. Second." at ". " when each part is a known message; None for one sentence.
fn split_sentences(message: &str) -> Option<Vec<&str>> {
    let parts: Vec<&str> = message.split_inclusive(". ").map(str::trim).collect();
    if parts.len() < 2 {
        return None;
    }
    let known = |s: &&str| TEMPLATES.iter().any(|(en, _)| capture(en, s).is_some());
    parts.iter().all(known).then_some(parts)
}

/// The values standing for `{}` when `message` has the template's shape.
fn capture<'a>(template: &str, message: &'a str) -> Option<Vec<&'a str>> {
    let pieces: Vec<&str> = template.split("{}").collect();
    let mut rest = message.strip_prefix(pieces[0])?;
    let mut values = Vec::new();
    for (i, piece) in pieces.iter().enumerate().skip(1) {
        let last = i == pieces.len() - 1;
        let at = if last {
            // The last piece ends the message.
            rest.strip_suffix(piece).map(str::len)?
        } else if piece.is_empty() {
            return None;
        } else {
            rest.find(piece)?
        };
        values.push(&rest[..at]);
        rest = &rest[at + piece.len()..];
    }
    (rest.is_empty() && values.iter().all(|v| !v.is_empty())).then_some(values)
}

fn fill(template: &str, values: &[&str]) -> String {
    let mut out = String::new();
    for (i, piece) in template.split("{}").enumerate() {
        if i > 0 {
            out.push_str(values.get(i - 1).copied().unwrap_or(""));
        }
        out.push_str(piece);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translates_fixed_and_templated_messages() {
        assert_eq!(
            localize(Lang::De, "no break is running."),
            "Es läuft keine Pause."
        );
        assert_eq!(localize(Lang::De, "to is required."), "to fehlt.");
        assert_eq!(
            localize(
                Lang::De,
                "overlaps attendance 7 (08:00 – 12:00) of the same user."
            ),
            "Überschneidet sich mit Anwesenheit 7 (08:00 – 12:00) derselben Person."
        );
        assert_eq!(
            localize(Lang::De, "from is required. to is required."),
            "from fehlt. to fehlt."
        );
        assert_eq!(
            localize(Lang::En, "no break is running."),
            "no break is running."
        );
        assert_eq!(localize(Lang::De, "something new."), "something new.");
    }
}
