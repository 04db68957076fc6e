//! "Undo" after a delete in the UI: the record is live again. Each kind's own service decides
//! who may restore it, with the same rules as for deleting it.

use super::{absences, attendances, expenses, time_entries, Actor, ServiceError, ServiceResult};
use crate::db::Db;

/// What can be restored from the pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Entry,
    Attendance,
    Absence,
    Expense,
}

impl Kind {
    pub fn parse(s: &str) -> ServiceResult<Kind> {
        match s {
            "entry" => Ok(Kind::Entry),
            "attendance" => Ok(Kind::Attendance),
            "absence" => Ok(Kind::Absence),
            "expense" => Ok(Kind::Expense),
            _ => Err(ServiceError::invalid(
                "kind",
                "kind is entry, attendance, absence or expense.",
            )),
        }
    }
}

pub async fn restore(db: &Db, actor: &Actor, kind: Kind, id: i64) -> ServiceResult<()> {
    match kind {
        Kind::Entry => time_entries::restore(db, actor, id).await,
        Kind::Attendance => attendances::restore(db, actor, id).await,
        Kind::Absence => absences::restore(db, actor, id).await,
        Kind::Expense => expenses::restore(db, actor, id).await,
    }
}
