//! English and German labels. German follows the TimeTrack seeds (Anwesenheiten, Abwesenheiten).

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    En,
    De,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
        }
    }

    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().get(..2) {
            Some("en") => Some(Lang::En),
            Some("de") => Some(Lang::De),
            _ => None,
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::De,
            Lang::De => Lang::En,
        }
    }
}

/// Looks a label up; an unknown key falls back to the key itself so a gap is visible, not fatal.
pub fn t(lang: Lang, key: &'static str) -> &'static str {
    let pair = match key {
        "nav.timer" => ("Timer", "Stoppuhr"),
        "nav.time" => ("Time", "Zeiten"),
        "nav.attendance" => ("Attendance", "Anwesenheiten"),
        "nav.absences" => ("Absences", "Abwesenheiten"),
        "nav.expenses" => ("Expenses", "Ausgaben"),
        "nav.projects" => ("Projects", "Projekte"),
        "nav.reports" => ("Reports", "Berichte"),
        "nav.settings" => ("Settings", "Einstellungen"),
        "nav.menu" => ("Menu", "Menü"),
        "auth.login" => ("Sign in", "Anmelden"),
        "auth.logout" => ("Sign out", "Abmelden"),
        "auth.account" => ("Account", "Konto"),
        "auth.username" => ("Username", "Benutzername"),
        "auth.password" => ("Password", "Passwort"),
        "auth.signed_in_as" => ("Signed in as", "Angemeldet als"),
        "setup.title" => ("Set up Stempel", "Stempel einrichten"),
        "setup.intro" => (
            "Create your organisation's account and its first administrator.",
            "Legen Sie das Konto Ihrer Organisation und den ersten Administrator an.",
        ),
        "setup.account_name" => ("Organisation name", "Name der Organisation"),
        "setup.slug" => ("Account ID (letters, digits, dashes)", "Konto-ID (Buchstaben, Ziffern, Bindestriche)"),
        "setup.timezone" => ("Time zone", "Zeitzone"),
        "setup.currency" => ("Currency", "Währung"),
        "setup.admin" => ("Administrator", "Administrator"),
        "setup.submit" => ("Create account", "Konto anlegen"),
        "home.welcome" => ("Welcome", "Willkommen"),
        "home.role" => ("Your role", "Ihre Rolle"),
        "home.next" => (
            "Administrators generate API keys under Settings / General / API.",
            "Administratoren erzeugen API-Schlüssel unter Einstellungen / Allgemein / API.",
        ),
        "role.admin" => ("Administrator", "Administrator"),
        "role.manager" => ("Manager", "Manager"),
        "role.staff" => ("Staff", "Mitarbeiter"),
        "settings.title" => ("Settings", "Einstellungen"),
        "settings.general" => ("General", "Allgemein"),
        "api.title" => ("API", "API"),
        "api.intro" => (
            "Other systems reach this account through the REST API under /api/v2/ext. Every request sends the key and the secret in the X-TimeTrack-Api-Key and X-TimeTrack-Api-Secret headers.",
            "Andere Systeme erreichen dieses Konto über die REST-API unter /api/v2/ext. Jede Anfrage sendet Schlüssel und Secret in den Headern X-TimeTrack-Api-Key und X-TimeTrack-Api-Secret.",
        ),
        "api.label" => ("Label", "Bezeichnung"),
        "api.key" => ("API key", "API-Schlüssel"),
        "api.secret" => ("API secret", "API-Secret"),
        "api.created" => ("Created", "Erstellt"),
        "api.last_used" => ("Last used", "Zuletzt benutzt"),
        "api.status" => ("Status", "Status"),
        "api.active" => ("active", "aktiv"),
        "api.revoked" => ("revoked", "widerrufen"),
        "api.never" => ("never", "nie"),
        "api.generate" => ("Generate key and secret", "Schlüssel und Secret erzeugen"),
        "api.revoke" => ("Revoke", "Widerrufen"),
        "api.copy" => ("Copy", "Kopieren"),
        "api.copied" => ("Copied", "Kopiert"),
        "api.secret_once" => (
            "Copy the secret now: it is shown only this once and stored hashed.",
            "Kopieren Sie das Secret jetzt: Es wird nur dieses eine Mal angezeigt und gehasht gespeichert.",
        ),
        "api.docs" => ("API documentation", "API-Dokumentation"),
        "api.none" => ("No API keys yet.", "Noch keine API-Schlüssel."),
        "api.confirm_revoke" => ("Revoke this key? Systems using it will stop working.", "Diesen Schlüssel widerrufen? Systeme, die ihn nutzen, funktionieren dann nicht mehr."),
        "error.forbidden_title" => ("403 — Not allowed", "403 — Nicht erlaubt"),
        "error.forbidden" => (
            "This page is for administrators only.",
            "Diese Seite ist nur für Administratoren.",
        ),
        "error.not_found_title" => ("404 — Page not found", "404 — Seite nicht gefunden"),
        "error.back_home" => ("Back to the start page", "Zurück zur Startseite"),
        "common.loading" => ("Loading…", "Lädt…"),
        "timer.start" => ("Start", "Start"),
        "timer.stop" => ("Stop", "Stopp"),
        "timer.project" => ("Project…", "Projekt…"),
        "timer.task" => ("Task", "Aufgabe"),
        "timer.no_task" => ("(no task)", "(keine Aufgabe)"),
        "timer.details" => ("What are you working on? #tags", "Woran arbeiten Sie? #tags"),
        "time.title" => ("Time", "Zeiten"),
        "time.week_of" => ("Week of", "Woche vom"),
        "time.prev" => ("← Previous week", "← Vorige Woche"),
        "time.next" => ("Next week →", "Nächste Woche →"),
        "time.today" => ("Today", "Heute"),
        "time.week_total" => ("Week total", "Wochensumme"),
        "time.add" => ("Add entry", "Eintrag hinzufügen"),
        "time.edit" => ("Edit entry", "Eintrag bearbeiten"),
        "time.save" => ("Save", "Speichern"),
        "time.cancel" => ("Cancel", "Abbrechen"),
        "time.delete" => ("Delete", "Löschen"),
        "time.edit_button" => ("Edit", "Bearbeiten"),
        "time.date" => ("Date", "Datum"),
        "time.from" => ("From", "Von"),
        "time.to" => ("To", "Bis"),
        "time.duration" => ("or duration (h:mm)", "oder Dauer (h:mm)"),
        "time.break" => ("Break (min)", "Pause (Min.)"),
        "time.project" => ("Project", "Projekt"),
        "time.details" => ("Details #tags", "Details #tags"),
        "time.billable" => ("Billable", "Abrechenbar"),
        "time.none" => ("No entries.", "Keine Einträge."),
        "time.continues" => ("continues next day", "geht am nächsten Tag weiter"),
        "day.0" => ("Monday", "Montag"),
        "day.1" => ("Tuesday", "Dienstag"),
        "day.2" => ("Wednesday", "Mittwoch"),
        "day.3" => ("Thursday", "Donnerstag"),
        "day.4" => ("Friday", "Freitag"),
        "day.5" => ("Saturday", "Samstag"),
        "day.6" => ("Sunday", "Sonntag"),
        "att.out" => ("You are clocked out.", "Sie sind ausgestempelt."),
        "att.in_since" => ("Clocked in since", "Eingestempelt seit"),
        "att.on_break_since" => ("On a break since", "In der Pause seit"),
        "att.clock_in" => ("Clock in", "Kommen"),
        "att.clock_out" => ("Clock out", "Gehen"),
        "att.break_start" => ("Start break", "Pause beginnen"),
        "att.break_stop" => ("End break", "Pause beenden"),
        "att.today" => ("Worked today", "Heute gearbeitet"),
        "att.breaks" => ("Breaks", "Pausen"),
        "att.worked" => ("Worked", "Gearbeitet"),
        "att.recent" => ("The last 31 days", "Die letzten 31 Tage"),
        "att.add" => ("Add an attendance", "Anwesenheit nachtragen"),
        "att.notes" => ("Notes", "Notizen"),
        "att.manual" => ("manual", "manuell"),
        "att.clock" => ("clock", "Stempeluhr"),
        "att.edit" => ("Edit attendance", "Anwesenheit bearbeiten"),
        "att.rule_broken" => (
            "The statutory break rule is not met on some days: at least 30 min of break after 6 h of work, 45 min after 9 h.",
            "Die gesetzliche Pausenregel ist an manchen Tagen nicht erfüllt: mindestens 30 Min. Pause nach 6 Std. Arbeit, 45 Min. nach 9 Std.",
        ),
        "att.needs_break" => ("needs", "nötig:"),
        "sheet.title" => ("Timesheet", "Stundenzettel"),
        "sheet.month" => ("Month", "Monat"),
        "sheet.person" => ("Person", "Person"),
        "sheet.show" => ("Show", "Anzeigen"),
        "sheet.csv" => ("Download CSV", "CSV herunterladen"),
        "sheet.xlsx" => ("Download XLSX", "XLSX herunterladen"),
        "sheet.project" => ("Project time", "Projektzeit"),
        "sheet.target" => ("Target", "Soll"),
        "sheet.balance" => ("Balance", "Saldo"),
        "sheet.total" => ("Total", "Summe"),
        "dash.from" => ("From", "Von"),
        "dash.to" => ("To", "Bis"),
        "dash.total" => ("Total time", "Gesamtzeit"),
        "dash.billable" => ("Billable", "Abrechenbar"),
        "dash.non_billable" => ("Non-billable", "Nicht abrechenbar"),
        "dash.amount" => ("Amount", "Betrag"),
        "dash.expenses" => ("Expenses", "Ausgaben"),
        "dash.entries" => ("Entries", "Einträge"),
        "dash.budget" => ("Budget", "Budget"),
        "dash.no_budget" => ("This project has no budget.", "Dieses Projekt hat kein Budget."),
        "dash.hours" => ("h", "Std."),
        "dash.near_budget" => ("80 % of the budget is used.", "80 % des Budgets sind verbraucht."),
        "dash.over_budget" => ("The budget is used up.", "Das Budget ist aufgebraucht."),
        "dash.by_user" => ("By person", "Nach Person"),
        "dash.by_task" => ("By task", "Nach Aufgabe"),
        "dash.by_week" => ("By week", "Nach Woche"),
        "lang.switch" => ("Deutsch", "English"),
        _ => (key, key),
    };
    match lang {
        Lang::En => pair.0,
        Lang::De => pair.1,
    }
}
