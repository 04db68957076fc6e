//! The one error type of the service layer. Adapters map it once each: the REST API to the
//! contract's error object, the server functions to `AppError`.

use std::fmt;

/// The kinds of record a service can fail to find. The REST adapter derives its error codes
/// from this, so the names here are the ones clients see ("TimeEntry exist but it is deleted").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resource {
    Account,
    User,
    ApiKey,
    Client,
    Project,
    Task,
    TimeEntry,
    Expense,
    Attendance,
    Absence,
    AbsenceType,
}

impl fmt::Display for Resource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Resource::Account => "Account",
            Resource::User => "User",
            Resource::ApiKey => "ApiKey",
            Resource::Client => "Client",
            Resource::Project => "Project",
            Resource::Task => "Task",
            Resource::TimeEntry => "TimeEntry",
            Resource::Expense => "Expense",
            Resource::Attendance => "Attendance",
            Resource::Absence => "Absence",
            Resource::AbsenceType => "AbsenceType",
        })
    }
}

/// One invalid parameter: the wire name of the field and a sentence for a person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invalid {
    pub field: String,
    pub message: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("{0} not found")]
    NotFound(Resource),
    #[error("{0} exist but it is deleted")]
    Deleted(Resource),
    /// Every invalid parameter of the request, not just the first.
    #[error("invalid parameters")]
    Invalid(Vec<Invalid>),
    #[error("not allowed: {0}")]
    Forbidden(&'static str),
    #[error("wrong credentials")]
    Unauthorized,
    #[error("too many failed attempts; try again in {retry_after_secs} s")]
    LockedOut { retry_after_secs: i64 },
    #[error("database error: {0}")]
    Database(sqlx::Error),
    #[error("internal error: {0}")]
    Internal(String),
}

impl ServiceError {
    pub fn invalid(field: &str, message: impl Into<String>) -> ServiceError {
        ServiceError::Invalid(vec![Invalid {
            field: field.to_string(),
            message: message.into(),
        }])
    }
}

impl From<sqlx::Error> for ServiceError {
    fn from(e: sqlx::Error) -> Self {
        // Postgres refuses a NUL character in text (22021) where SQLite stores it: that is the
        // input's fault, so it answers like any other invalid text instead of a 500.
        let nul = e
            .as_database_error()
            .and_then(|d| d.code())
            .is_some_and(|c| c == "22021");
        if nul {
            return ServiceError::invalid("text", "text must not contain NUL characters.");
        }
        ServiceError::Database(e)
    }
}

pub type ServiceResult<T> = Result<T, ServiceError>;

/// Collects every problem of one request so a 422 can list them all.
#[derive(Default)]
pub struct Checks(Vec<Invalid>);

impl Checks {
    pub fn new() -> Checks {
        Checks::default()
    }

    pub fn fail(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(Invalid {
            field: field.to_string(),
            message: message.into(),
        });
    }

    pub fn check(&mut self, ok: bool, field: &str, message: impl Into<String>) {
        if !ok {
            self.fail(field, message);
        }
    }

    /// A required text of at most `max` characters, trimmed.
    pub fn text(&mut self, field: &str, value: &str, max: usize) -> String {
        let v = value.trim();
        if v.is_empty() {
            self.fail(field, format!("{field} is required."));
        } else if v.chars().count() > max {
            self.fail(field, format!("{field} may have at most {max} characters."));
        }
        v.to_string()
    }

    /// An optional text: only its length is checked.
    pub fn max_len(&mut self, field: &str, value: Option<&str>, max: usize) {
        if value.is_some_and(|v| v.chars().count() > max) {
            self.fail(field, format!("{field} may have at most {max} characters."));
        }
    }

    /// Money in cents: not negative, at most 100 000 000.00.
    pub fn money(&mut self, field: &str, cents: Option<i64>) {
        if cents.is_some_and(|c| !(0..=10_000_000_000).contains(&c)) {
            self.fail(field, format!("{field} must be between 0 and 100000000."));
        }
    }

    /// A duration in minutes between 0 and `max`.
    pub fn minutes(&mut self, field: &str, minutes: Option<i64>, max: i64) {
        if minutes.is_some_and(|m| !(0..=max).contains(&m)) {
            self.fail(field, format!("{field} must be between 0 and {max}."));
        }
    }

    /// `#rrggbb`
    pub fn color(&mut self, field: &str, color: Option<&str>) {
        if let Some(c) = color {
            let ok = c.len() == 7
                && c.starts_with('#')
                && c[1..].chars().all(|ch| ch.is_ascii_hexdigit());
            self.check(ok, field, format!("{field} must be a colour like #3b82f6."));
        }
    }

    /// GPS coordinates: latitude within ±90, longitude within ±180.
    pub fn coordinate(&mut self, field: &str, value: Option<f64>, limit: f64) {
        if value.is_some_and(|v| !v.is_finite() || v.abs() > limit) {
            self.fail(
                field,
                format!("{field} must be between -{limit} and {limit}."),
            );
        }
    }

    /// A lookup's result with its invalid-parameter problems (an unknown or archived
    /// reference) kept beside the others, so one 422 names them all; any other error ends
    /// the request.
    pub fn found<T>(&mut self, r: ServiceResult<T>) -> ServiceResult<Option<T>> {
        match r {
            Ok(v) => Ok(Some(v)),
            Err(ServiceError::Invalid(list)) => {
                self.0.extend(list);
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    pub fn done(self) -> ServiceResult<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ServiceError::Invalid(self.0))
        }
    }
}
