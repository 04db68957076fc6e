//! `stempel backup FILE` and `stempel restore FILE`: the file side of `app::db::backup`. A name
//! ending in `.gz` is gzip-compressed; `-` is standard output or input. A backup is written
//! under a temporary name and renamed when complete, so FILE is never a half-written snapshot.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use app::db::backup::{self, BackupError, Counts};
use app::db::Db;

fn gzipped(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "gz")
}

fn summary(counts: &Counts) -> String {
    let total: u64 = counts.values().sum();
    let entries = counts.get("time_entries").copied().unwrap_or(0);
    let accounts = counts.get("accounts").copied().unwrap_or(0);
    format!(
        "{total} rows in {} tables ({accounts} accounts, {entries} time entries)",
        counts.len()
    )
}

/// Writes the snapshot to `file` and returns a one-line summary.
pub async fn backup(db: &Db, file: &Path) -> Result<String, BackupError> {
    if file == Path::new("-") {
        let mut out = BufWriter::new(std::io::stdout().lock());
        let counts = backup::dump(db, &mut out).await?;
        out.flush()?;
        return Ok(summary(&counts));
    }
    let partial = partial_name(file);
    let result = write_file(db, file, &partial).await;
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    let counts = result?;
    std::fs::rename(&partial, file)?;
    Ok(format!("wrote {}: {}", file.display(), summary(&counts)))
}

fn partial_name(file: &Path) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".partial");
    PathBuf::from(name)
}

async fn write_file(db: &Db, file: &Path, partial: &Path) -> Result<Counts, BackupError> {
    let out = BufWriter::new(File::create(partial)?);
    if gzipped(file) {
        let mut gz = flate2::write::GzEncoder::new(out, flate2::Compression::fast());
        let counts = backup::dump(db, &mut gz).await?;
        let out = gz.finish()?;
        out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        Ok(counts)
    } else {
        let mut out = out;
        let counts = backup::dump(db, &mut out).await?;
        out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        Ok(counts)
    }
}

/// Loads `file` into `db` (refused over a database with accounts unless `force`).
pub async fn restore(db: &Db, file: &Path, force: bool) -> Result<String, BackupError> {
    let mut input: Box<dyn BufRead> = if file == Path::new("-") {
        Box::new(BufReader::new(std::io::stdin().lock()))
    } else if gzipped(file) {
        Box::new(BufReader::new(flate2::read::GzDecoder::new(File::open(
            file,
        )?)))
    } else {
        Box::new(BufReader::new(File::open(file)?))
    };
    let counts = backup::load(db, &mut input, force).await?;
    Ok(format!("restored {}", summary(&counts)))
}
