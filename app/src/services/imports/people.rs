//! Who an export's people become: the user an admin chose, else the user with the same e-mail,
//! username or name, else a new staff member (who cannot sign in until given a password).

use std::collections::HashMap;

use super::PersonChoice;
use crate::db::{imports as sql, Conn};
use crate::import::report::PersonPlan;
use crate::import::Person;
use crate::services::{ServiceError, ServiceResult};

pub struct People {
    users: Vec<sql::UserRow>,
    /// Source key → (user id, hour rate, index in `plans`).
    known: HashMap<String, (i64, Option<i64>, usize)>,
    pub plans: Vec<PersonPlan>,
}

impl People {
    pub async fn load(conn: &mut Conn, account_id: i64) -> ServiceResult<People> {
        Ok(People {
            users: sql::users(conn, account_id).await?,
            known: HashMap::new(),
            plans: Vec::new(),
        })
    }

    /// The user of `person` (id and hour rate), creating one when needed; counts the entry.
    pub async fn resolve(
        &mut self,
        conn: &mut Conn,
        account_id: i64,
        person: &Person,
        choices: &HashMap<String, PersonChoice>,
    ) -> ServiceResult<(i64, Option<i64>)> {
        let key = person.key();
        if let Some((id, rate, plan)) = self.known.get(&key) {
            self.plans[*plan].entries += 1;
            return Ok((*id, *rate));
        }
        let chosen = match choices.get(&key) {
            Some(PersonChoice::User(id)) => {
                Some(self.users.iter().position(|u| u.id == *id).ok_or_else(|| {
                    ServiceError::invalid(
                        "people",
                        format!("no user {id} in this account for {key}"),
                    )
                })?)
            }
            Some(PersonChoice::Create) => None,
            None => self.matching(person),
        };
        let index = match chosen {
            Some(i) => i,
            None => self.create(conn, account_id, person).await?,
        };
        let u = &self.users[index];
        self.plans.push(PersonPlan {
            source: key.clone(),
            name: person.name.clone(),
            email: person.email.clone(),
            user_id: chosen.map(|_| u.id),
            username: u.username.clone(),
            entries: 1,
        });
        self.known
            .insert(key, (u.id, u.hour_rate_cents, self.plans.len() - 1));
        Ok((u.id, u.hour_rate_cents))
    }

    /// The existing user with the person's e-mail, username or full name.
    fn matching(&self, p: &Person) -> Option<usize> {
        let email = p.email.to_lowercase();
        let name = p.name.to_lowercase();
        let by_email = (!email.is_empty())
            .then(|| {
                self.users
                    .iter()
                    .position(|u| u.email.to_lowercase() == email)
            })
            .flatten();
        by_email
            .or_else(|| {
                self.users
                    .iter()
                    .position(|u| u.username.to_lowercase() == name)
            })
            .or_else(|| {
                self.users.iter().position(|u| {
                    format!("{} {}", u.first_name, u.last_name)
                        .trim()
                        .to_lowercase()
                        == name
                })
            })
    }

    async fn create(
        &mut self,
        conn: &mut Conn,
        account_id: i64,
        p: &Person,
    ) -> ServiceResult<usize> {
        let base = username_for(p);
        let mut username = base.clone();
        let mut n = 1;
        while self.users.iter().any(|u| u.username == username) {
            n += 1;
            username = format!("{base}-{n}");
        }
        let (first, last) = match p.name.trim().rsplit_once(' ') {
            Some((f, l)) => (f.trim().to_string(), l.trim().to_string()),
            None => (p.name.trim().to_string(), String::new()),
        };
        let email = if p.email.contains('@') {
            p.email.as_str()
        } else {
            ""
        };
        let id = sql::insert_user(conn, account_id, &username, &first, &last, email).await?;
        self.users.push(sql::UserRow {
            id,
            username,
            first_name: first,
            last_name: last,
            email: email.to_string(),
            hour_rate_cents: None,
        });
        Ok(self.users.len() - 1)
    }
}

/// A username from the e-mail's local part, else from the name: "Anna Müller" → "anna.müller".
pub fn username_for(p: &Person) -> String {
    let source = match p.email.split_once('@') {
        Some((local, _)) if !local.is_empty() => local.to_string(),
        _ => p.name.clone(),
    };
    let mut out = String::new();
    for c in source.trim().to_lowercase().chars() {
        if c.is_alphanumeric() || matches!(c, '.' | '_' | '-') {
            out.push(c);
        } else if c.is_whitespace() && !out.ends_with('.') {
            out.push('.');
        }
    }
    let out: String = out.trim_matches('.').chars().take(90).collect();
    if out.is_empty() {
        "imported".into()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::username_for;
    use crate::import::Person;

    fn p(name: &str, email: &str) -> Person {
        Person {
            name: name.into(),
            email: email.into(),
        }
    }

    #[test]
    fn usernames_from_the_email_else_the_name() {
        assert_eq!(
            username_for(&p("Anna Müller", "Anna.Mueller@example.de")),
            "anna.mueller"
        );
        assert_eq!(username_for(&p("Anna  Müller", "")), "anna.müller");
        assert_eq!(username_for(&p("O'Brien, Seán", "")), "obrien.seán");
        assert_eq!(username_for(&p("!!!", "")), "imported");
        assert_eq!(username_for(&p(&"x".repeat(300), "")).chars().count(), 90);
    }
}
