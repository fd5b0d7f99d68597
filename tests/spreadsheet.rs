//! CSV formula injection, checked with a real spreadsheet engine.
//!
//! Statements whose title and body start with `=1+1`, `+1+1`, `-1+1`,
//! `@SUM(1,1)`, `=HYPERLINK(...)`, a tab or a carriage return go through the
//! real binary into `statements.csv`; LibreOffice Calc (headless) opens
//! that file and saves it again as CSV with the cells as shown. Every cell
//! must come out as the text bayan wrote: had Calc evaluated a formula, the
//! cell would read `2` or the link's label instead. A control file with
//! the same formulas left raw proves that this Calc setup does evaluate
//! formulas, so the test cannot pass by accident.
//!
//! Without LibreOffice the test is skipped with a message, unless `CI` is
//! set: CI must install `libreoffice-calc-nogui` (Debian) for it.

use std::path::{Path, PathBuf};
use std::process::Command;

const SOFFICE: &str = "soffice";

/// What starts a formula in one spreadsheet or another, each with the rest
/// of a cell.
const PROBES: [&str; 7] = [
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(1,1)",
    "=HYPERLINK(\"http://127.0.0.1:9/x\",\"click\")",
    "\t=1+1",
    "\r=1+1",
];

fn soffice_available() -> bool {
    Command::new(SOFFICE)
        .arg("--version")
        .output()
        .is_ok_and(|output| output.status.success())
}

/// Opens `csv` in Calc and saves it as CSV with cells as shown (UTF-8,
/// comma, double quotes) into `out_dir`; returns the new file.
fn recalc(csv: &Path, out_dir: &Path, profile: &Path) -> PathBuf {
    let output = Command::new(SOFFICE)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .arg("--headless")
        .arg("--infilter=CSV:44,34,76,1")
        .arg("--convert-to")
        .arg("csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false")
        .arg("--outdir")
        .arg(out_dir)
        .arg(csv)
        .output()
        .expect("soffice runs");
    let converted = out_dir.join(csv.file_name().expect("a file name"));
    assert!(
        output.status.success() && converted.exists(),
        "soffice could not convert {}: {}",
        csv.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    converted
}

fn rows(path: &Path) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(path)
        .expect("open CSV");
    reader
        .records()
        .map(|row| row.expect("a CSV row").iter().map(String::from).collect())
        .collect()
}

fn statements_input(dir: &Path) -> PathBuf {
    let mut lines = String::new();
    for (index, probe) in PROBES.iter().enumerate() {
        let line = serde_json::json!({
            "title": format!("{probe} title {index}"),
            "body": format!("{probe} is the start of paragraph {index} of this statement."),
            "url": format!("{probe}/{index}"),
        });
        lines.push_str(&line.to_string());
        lines.push('\n');
    }
    let path = dir.join("probes.jsonl");
    std::fs::write(&path, lines).expect("write the probes");
    path
}

#[test]
fn calc_evaluates_no_formula_in_bayans_csv() {
    if !soffice_available() {
        assert!(
            std::env::var_os("CI").is_none(),
            "LibreOffice (soffice) is missing; CI must install libreoffice-calc-nogui"
        );
        eprintln!(
            "SKIPPED: LibreOffice (soffice) is not installed; apt-get install libreoffice-calc-nogui"
        );
        return;
    }
    let scratch = tempfile::tempdir().expect("temp dir");
    let profile = scratch.path().join("profile");
    let converted_dir = scratch.path().join("converted");

    // The control: raw formulas are evaluated by this Calc setup.
    let control = scratch.path().join("control.csv");
    std::fs::write(
        &control,
        "a\r\n=1+1\r\n\"=HYPERLINK(\"\"http://127.0.0.1:9/x\"\",\"\"click\"\")\"\r\n",
    )
    .expect("write the control");
    let control_rows = rows(&recalc(&control, &converted_dir, &profile));
    assert_eq!(
        control_rows[1],
        ["2"],
        "Calc did not evaluate a raw formula"
    );
    assert_eq!(
        control_rows[2],
        ["click"],
        "Calc did not evaluate a raw formula"
    );

    let out = scratch.path().join("dataset");
    let status = Command::new(env!("CARGO_BIN_EXE_bayan"))
        .args(["export", "--quiet", "--formats", "csv", "--out"])
        .arg(&out)
        .arg(statements_input(scratch.path()))
        .status()
        .expect("bayan runs");
    assert!(status.success(), "bayan export failed: {status}");
    let written = rows(&out.join("statements.csv"));
    let header = &written[0];
    let column = |name: &str| header.iter().position(|h| h == name).expect(name);
    let (title, body, url) = (column("title"), column("body"), column("url"));
    assert_eq!(
        written.len(),
        PROBES.len() + 1,
        "every probe is a statement"
    );
    let neutralised = written[1..]
        .iter()
        .flat_map(|row| [&row[title], &row[body], &row[url]])
        .filter(|cell| cell.starts_with('\''))
        .count();
    assert!(
        neutralised >= 3 * 4,
        "the probes reached the CSV: {written:?}"
    );

    let shown = rows(&recalc(
        &out.join("statements.csv"),
        &converted_dir,
        &profile,
    ));
    assert_eq!(shown.len(), written.len());
    for (written_row, shown_row) in written.iter().zip(&shown).skip(1) {
        for at in [title, body, url] {
            assert_eq!(
                shown_row[at], written_row[at],
                "Calc changed a cell, so it evaluated it"
            );
            assert_ne!(shown_row[at], "2");
            assert!(!shown_row[at].starts_with("click"));
        }
    }
}
