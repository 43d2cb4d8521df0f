//! A page printed to PDF the way a person saves a report from the browser: headless
//! Chromium's `--print-to-pdf`, then poppler's `pdftotext` and `pdftoppm` to read the
//! pages back as text and to turn the first into a PNG (Debian's `poppler-utils`, which
//! `scripts/test.sh` installs).

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use tokio::process::Command;

use crate::browser::chromium_binary;

/// Runs a program to the end within two minutes; an error with its output if it fails.
async fn run(program: &str, args: &[String]) -> anyhow::Result<()> {
    let run = Command::new(program).args(args).kill_on_drop(true).output();
    let output = tokio::time::timeout(Duration::from_secs(120), run)
        .await
        .with_context(|| format!("{program} did not finish"))?
        .with_context(|| format!("cannot run {program} (scripts/test.sh installs it)"))?;
    anyhow::ensure!(output.status.success(), "{program} failed: {}", String::from_utf8_lossy(&output.stderr));
    Ok(())
}

/// Prints `url` to a PDF at `pdf` with headless Chromium, without the browser's own
/// header and footer.
pub async fn print_to_pdf(url: &str, pdf: &Path) -> anyhow::Result<()> {
    let profile = tempfile::tempdir()?;
    let args = [
        "--headless=new".to_owned(),
        "--no-sandbox".to_owned(),
        "--disable-gpu".to_owned(),
        "--no-first-run".to_owned(),
        "--disable-dev-shm-usage".to_owned(),
        "--no-pdf-header-footer".to_owned(),
        format!("--user-data-dir={}", profile.path().display()),
        format!("--print-to-pdf={}", pdf.display()),
        url.to_owned(),
    ];
    run(chromium_binary(), &args).await?;
    let bytes = tokio::fs::read(pdf).await.context("Chromium wrote no PDF")?;
    anyhow::ensure!(bytes.starts_with(b"%PDF-"), "not a PDF");
    Ok(())
}

/// The text of every page of a PDF, pages apart by form feeds.
pub async fn text_of(pdf: &Path) -> anyhow::Result<String> {
    let out = pdf.with_extension("txt");
    run("pdftotext", &["-layout".to_owned(), pdf.display().to_string(), out.display().to_string()]).await?;
    Ok(tokio::fs::read_to_string(&out).await?)
}

/// Turns the first page of a PDF into a PNG at `png` (`resolution` dots per inch).
pub async fn first_page_png(pdf: &Path, png: &Path, resolution: u32) -> anyhow::Result<PathBuf> {
    // pdftoppm adds ".png" to the name it is given.
    let stem = png.with_extension("");
    let args = [
        "-png".to_owned(),
        "-singlefile".to_owned(),
        "-f".to_owned(),
        "1".to_owned(),
        "-r".to_owned(),
        resolution.to_string(),
        pdf.display().to_string(),
        stem.display().to_string(),
    ];
    run("pdftoppm", &args).await?;
    Ok(png.to_path_buf())
}
